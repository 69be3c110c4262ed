package dev.familiar.model.billing;

import java.time.Instant;
import java.util.List;

/**
 * An organisation's billing as the admin lifecycle API shows it: the entitlement, the provider subscription we
 * last applied, and refunds made.
 */
public record BillingState(String orgId, String billingMode, String planCode, String status, String subscriptionId,
                           String subscriptionStatus, boolean cancelAtPeriodEnd, boolean paused, Instant currentPeriodEnd,
                           String scheduledPlanCode, Instant scheduledAt, List<RefundView> refunds) {
    /** A refund of the unused part of the last paid period, with how it was computed. */
    public record RefundView(String id, String invoiceId, long amount, String currency, String formula, Instant createdAt) {
    }
}
