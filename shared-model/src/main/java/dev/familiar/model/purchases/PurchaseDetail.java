package dev.familiar.model.purchases;

import java.util.List;

/** {@code GET /api/admin/purchases/{sagaId}}: the saga and its steps, oldest first. */
public record PurchaseDetail(PurchaseSummary purchase, List<PurchaseStep> steps) {
    public PurchaseDetail {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
