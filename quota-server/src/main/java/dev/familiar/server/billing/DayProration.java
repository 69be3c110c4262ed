package dev.familiar.server.billing;

import java.time.Duration;
import java.time.Instant;

/**
 * Day-based proration, used by the dry-run provider's previews and plan changes and by "cancel now" refunds:
 * the unused share of a period is {@code floor(remaining time in whole days) / round(period length in days)}, and an
 * amount's share is rounded half up to the minor unit. Example: 900 cents, 30-day period, 17 days left → 510.
 */
public final class DayProration {
    private static final long DAY = Duration.ofDays(1).toSeconds();

    private DayProration() {
    }

    /** Whole days left in the period at {@code at} (0 after its end). */
    public static long remainingDays(Instant at, Instant periodEnd) {
        return Math.max(0, Duration.between(at, periodEnd).toSeconds() / DAY);
    }

    /** The period's length in days, at least 1. */
    public static long periodDays(Instant periodStart, Instant periodEnd) {
        long seconds = Duration.between(periodStart, periodEnd).toSeconds();
        return Math.max(1, (seconds + DAY / 2) / DAY);
    }

    /** {@code amount × remainingDays / periodDays}, rounded half up, never more than {@code amount}. */
    public static long unusedShare(long amount, Instant at, Instant periodStart, Instant periodEnd) {
        long remaining = Math.min(remainingDays(at, periodEnd), periodDays(periodStart, periodEnd));
        long days = periodDays(periodStart, periodEnd);
        return (amount * remaining * 2 + days) / (2 * days);
    }

    /** How {@link #unusedShare} was computed, for the record: {@code "900 × 17 / 30 = 510"}. */
    public static String formula(long amount, Instant at, Instant periodStart, Instant periodEnd) {
        long remaining = Math.min(remainingDays(at, periodEnd), periodDays(periodStart, periodEnd));
        return amount + " × " + remaining + " / " + periodDays(periodStart, periodEnd) + " = "
                + unusedShare(amount, at, periodStart, periodEnd);
    }
}
