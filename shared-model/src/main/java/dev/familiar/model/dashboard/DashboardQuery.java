package dev.familiar.model.dashboard;

import java.time.LocalDate;

/**
 * The common filter of the dashboard routes: UTC days {@code from}..{@code to} inclusive (null: the server's
 * default, the last 30 days to today), one organisation ({@code orgId}, null: all) and one provider or metric
 * (null: all).
 */
public record DashboardQuery(LocalDate from, LocalDate to, String orgId, String provider) {
    public static DashboardQuery lastDays(LocalDate today, int days) {
        return new DashboardQuery(today.minusDays(days - 1L), today, null, null);
    }
}
