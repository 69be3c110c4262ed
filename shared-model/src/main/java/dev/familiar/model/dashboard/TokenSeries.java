package dev.familiar.model.dashboard;

import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/admin/dashboard/tokens?from=&to=&orgId=&provider=}: token attempts per UTC day, provider and
 * purpose, for the platform ({@code orgId} null) or one organisation; ordered by day, provider, purpose.
 */
public record TokenSeries(LocalDate from, LocalDate to, String orgId, List<TokenDay> days) {
    public TokenSeries {
        days = days == null ? List.of() : List.copyOf(days);
    }
}
