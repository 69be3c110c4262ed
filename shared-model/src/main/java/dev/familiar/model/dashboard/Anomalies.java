package dev.familiar.model.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/admin/dashboard/anomalies?from=&to=&orgId=&threshold=&baselineDays=}: the anomalous days of the
 * period, highest ratio first.
 */
public record Anomalies(LocalDate from, LocalDate to, BigDecimal threshold, int baselineDays, List<Anomaly> items) {
    public Anomalies {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
