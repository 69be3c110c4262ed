package dev.familiar.model.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /api/admin/dashboard/cost?from=&to=}: cost allocation per organisation and provider (ordered by
 * organisation, provider), their total, and the Prompt Lab's R&D tokens and cost, kept apart from product use.
 */
public record CostAllocation(LocalDate from, LocalDate to, String currency, List<CostRow> rows, long productTokens,
                             BigDecimal productCost, long rndTokens, BigDecimal rndCost) {
    public CostAllocation {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }
}
