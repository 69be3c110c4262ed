package dev.familiar.model.purchases;

import java.util.List;

/** {@code GET /api/admin/purchases?status=&orgId=&from=&to=&cursor=&limit=}: newest first. */
public record PurchasePage(List<PurchaseSummary> items, String nextCursor) {
    public PurchasePage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
