package dev.familiar.model.dashboard;

import java.time.LocalDate;

/**
 * LLM token attempts of one UTC day, provider and purpose ({@code PRODUCT} or {@code R&D}): allowed attempts and
 * their tokens, and the denied attempts by reason (rate-limited by the leaky bucket, no quota left, the provider
 * failed) with the tokens they asked for.
 */
public record TokenDay(LocalDate day, String provider, String purpose, long allowedEvents, long allowedTokens,
                       long rateLimitedEvents, long noQuotaEvents, long providerFailedEvents, long deniedTokens) {
}
