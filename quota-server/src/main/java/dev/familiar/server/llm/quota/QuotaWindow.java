package dev.familiar.server.llm.quota;

import dev.familiar.server.entitlement.BillingPeriod;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a quota's window lasts: a fixed duration (users: 24 h by default) or a calendar month from the quota's
 * start (organisations). Stored as {@code window_seconds}, 0 meaning monthly.
 */
public record QuotaWindow(long seconds) {
    public static final QuotaWindow MONTHLY = new QuotaWindow(0);

    public static QuotaWindow of(Duration d) {
        return new QuotaWindow(d.toSeconds());
    }

    public Instant endOf(Instant start) {
        return seconds == 0 ? BillingPeriod.startingAt(start).end() : start.plusSeconds(seconds);
    }

    /** The start of the window that contains {@code now}, rolling forward from {@code start}. */
    public Instant currentStart(Instant start, Instant now) {
        if (now.isBefore(endOf(start))) {
            return start;
        }
        if (seconds > 0) {
            long windows = Duration.between(start, now).toSeconds() / seconds;
            return start.plusSeconds(windows * seconds);
        }
        Instant s = start;
        while (!now.isBefore(endOf(s))) {
            s = endOf(s);
        }
        return s;
    }
}
