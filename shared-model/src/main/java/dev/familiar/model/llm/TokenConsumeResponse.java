package dev.familiar.model.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The consume answer (200, and 429 with {@code allowed:false} and an empty {@code providerResponse}).
 * {@code capacity}, {@code used} and {@code remaining} describe the caller's leaky bucket.
 */
public record TokenConsumeResponse(boolean allowed, long capacity, long used, long remaining, long waitSeconds,
                                   Instant timestamp, ProviderResponse providerResponse) {
    /** The provider's answer; all fields absent on a refusal ({@code {}}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProviderResponse(String id, String provider, String message) {
        public static final ProviderResponse NONE = new ProviderResponse(null, null, null);
    }
}
