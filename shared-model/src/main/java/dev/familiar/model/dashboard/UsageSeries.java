package dev.familiar.model.dashboard;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/admin/dashboard/usage?from=&to=&orgId=&metric=}: metered usage per UTC day, organisation and
 * metric, days {@code from}..{@code to} inclusive, ordered by day, organisation, metric. Days without usage are absent.
 */
public record UsageSeries(LocalDate from, LocalDate to, List<UsageDay> days) {
    public UsageSeries {
        days = days == null ? List.of() : List.copyOf(days);
    }
}
