package dev.familiar.model.purchases;

import java.time.Instant;

/**
 * The filter of {@code GET /api/admin/purchases}: {@code status} (one state, or {@code PROBLEM}: FAILED or
 * compensated), one organisation, and created in [{@code from}, {@code to}); every field may be null.
 */
public record PurchaseFilter(String status, String orgId, Instant from, Instant to) {
    public static PurchaseFilter all() {
        return new PurchaseFilter(null, null, null, null);
    }
}
