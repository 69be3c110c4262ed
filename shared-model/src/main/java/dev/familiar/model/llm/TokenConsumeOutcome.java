package dev.familiar.model.llm;

/**
 * A token consume as the client sees it: the answer's {@code status} (200 allowed, 429 refused by the caller's leaky
 * bucket, both with a {@link TokenConsumeResponse}) and the bucket's {@code X-RateLimit-*} headers.
 */
public record TokenConsumeOutcome(int status, TokenConsumeResponse response, RateLimit rateLimit) {
    /** Whether the tokens were granted and the provider answered. */
    public boolean allowed() {
        return response != null && response.allowed();
    }

    /**
     * The {@code X-RateLimit-Limit} (bucket capacity), {@code -Remaining} and {@code -Reset} (seconds until the bucket
     * has leaked empty) headers, and {@code Retry-After} (seconds; null unless refused). A header the answer lacks is
     * null.
     */
    public record RateLimit(Long limit, Long remaining, Long resetSeconds, Long retryAfterSeconds) {
    }
}
