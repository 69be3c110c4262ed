package dev.familiar.server.llm.quota;

import java.time.Instant;

/**
 * A quota in its current window: {@code totalTokens} per window, {@code usedTokens} spent since {@code windowStart},
 * the window ending at {@code resetTime}; {@code purchasedTokens} is the separate balance spent after the allowance.
 */
public record Quota(QuotaKey key, long totalTokens, long usedTokens, long purchasedTokens, Instant windowStart,
                    Instant resetTime, Instant updatedAt) {
    /** What can still be spent now: the window's rest plus the purchased balance. */
    public long remainingTokens() {
        return Math.max(0, totalTokens - usedTokens) + purchasedTokens;
    }
}
