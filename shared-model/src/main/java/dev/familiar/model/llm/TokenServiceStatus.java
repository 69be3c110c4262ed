package dev.familiar.model.llm;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/tokens/status}. {@code status} is always {@code "ok"} while the service answers (upstream
 * clients compare it); {@code dryRunProviders} names the providers that answer locally instead of calling a real
 * LLM (empty when every provider is real).
 */
public record TokenServiceStatus(String service, String status, Instant timestamp, String version,
                                 List<String> dryRunProviders) {
    public static final String OK = "ok";

    public TokenServiceStatus {
        dryRunProviders = dryRunProviders == null ? List.of() : List.copyOf(dryRunProviders);
    }
}
