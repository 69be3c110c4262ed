package dev.familiar.model.billing;

import java.time.Instant;

/**
 * What "cancel now" would refund at {@code at} ({@code POST /api/admin/billing/{orgId}/cancel?preview=true}):
 * {@code amount_paid × whole days left / days in the period} of the last paid invoice, in minor units. Nothing is
 * done. {@code invoiceId} is null when nothing was paid (amount 0); {@code alreadyRefunded} is true when that
 * invoice was refunded by an earlier cancellation (amount 0).
 */
public record CancelPreview(String orgId, String subscriptionId, String invoiceId, long amount, String currency,
                            String formula, Instant periodStart, Instant periodEnd, Instant at, boolean alreadyRefunded) {
}
