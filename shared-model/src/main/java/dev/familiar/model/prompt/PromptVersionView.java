package dev.familiar.model.prompt;

import java.time.Instant;
import java.util.List;

/**
 * An immutable version. {@code changeClass} and {@code breaking} compare it with the version before it (null and
 * empty for version 1); {@code templateHash} is the SHA-256 (hex) of the template text.
 */
public record PromptVersionView(String function, int version, String template, String templateHash,
                                List<PromptParameter> parameters, PromptSettings settings, ChangeClass changeClass,
                                List<Incompatibility> breaking, String createdBy, Instant createdAt) {
}
