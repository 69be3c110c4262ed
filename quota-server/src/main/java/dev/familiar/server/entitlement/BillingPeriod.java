package dev.familiar.server.entitlement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * One billing period {@code [start, end)}. Periods are monthly from the entitlement's anchor (the start of its
 * first period), in UTC; a 31st anchor falls on the last day of shorter months. The period key is the start's
 * UTC date, {@code yyyy-MM-dd}.
 */
public record BillingPeriod(Instant start, Instant end) {
    /** The start's UTC date as {@code yyyy-MM-dd} ({@link LocalDate#toString()}: ISO_LOCAL_DATE without a formatter). */
    public String key() {
        return LocalDate.ofInstant(start, ZoneOffset.UTC).toString();
    }

    /** The monthly period, counted from {@code anchor}, that contains {@code now} (the first one if now is earlier). */
    public static BillingPeriod containing(Instant anchor, Instant now) {
        ZonedDateTime base = anchor.atZone(ZoneOffset.UTC);
        long months = Math.max(0, java.time.temporal.ChronoUnit.MONTHS.between(base, now.atZone(ZoneOffset.UTC)));
        ZonedDateTime start = base.plusMonths(months);
        ZonedDateTime end = base.plusMonths(months + 1);
        while (!now.isBefore(end.toInstant())) { // guard against month-length rounding
            months++;
            start = base.plusMonths(months);
            end = base.plusMonths(months + 1);
        }
        return new BillingPeriod(start.toInstant(), end.toInstant());
    }

    /** The first period of a new entitlement: a month from {@code start}. */
    public static BillingPeriod startingAt(Instant start) {
        return new BillingPeriod(start, start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant());
    }
}
