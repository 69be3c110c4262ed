package dev.familiar.model.purchases;

import java.time.Instant;

/**
 * A token purchase saga as administrators see it ({@code /api/admin/purchases}): who bought what, the saga's state
 * (STARTED, PAYMENT_RESERVED, TOKENS_ALLOCATED, COMPLETED, FAILED), whether it was compensated (the payment hold
 * released or refunded) and its error.
 */
public record PurchaseSummary(String sagaId, String userId, String tenantId, String orgId, String provider, long tokens,
                              long amount, String currency, String status, boolean compensated, String error,
                              String paymentId, Instant createdAt, Instant updatedAt) {
}
