package dev.familiar.model.prompt;

import java.time.Instant;
import java.util.List;

/**
 * A prompt function: its latest version number (0 before the first) and, per major, the active deployment.
 */
public record PromptFunctionView(String name, String description, int latestVersion, List<ActiveMajor> active,
                                 String createdBy, Instant createdAt) {
    /** The version serving callers of {@code major}. */
    public record ActiveMajor(int major, int version, String deploymentId, Instant activatedAt) {
    }
}
