package dev.familiar.server.llm.quota;

import java.time.Instant;

/**
 * Tokens taken from a quota before the provider is called: {@code fromAllowance} out of the window that started at
 * {@code windowStart}, {@code fromBalance} out of the purchased balance.
 */
public record Reservation(QuotaKey key, long fromAllowance, long fromBalance, Instant windowStart) {
    public long tokens() {
        return fromAllowance + fromBalance;
    }
}
