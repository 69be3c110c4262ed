package dev.familiar.server.entitlement;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's right to use the product: its plan, status, trial end, the billing period last written by a
 * rollover, and a plan change scheduled for a later moment (a downgrade at period end).
 */
public record Entitlement(String tenantId, String planCode, EntitlementStatus status, Optional<Instant> trialEndsAt,
                          Instant billingAnchor, Instant periodStart, Instant periodEnd, Optional<String> scheduledPlanCode,
                          Optional<Instant> scheduledAt, Instant updatedAt) {

    /** Whether the tenant may use metered units at {@code now}: active, past due (grace), or in a running trial. */
    public boolean usableAt(Instant now) {
        return switch (status) {
            case ACTIVE, PAST_DUE -> true;
            case TRIALING -> trialEndsAt.map(now::isBefore).orElse(false);
            case PAUSED, CANCELED -> false;
        };
    }

    /** The billing period that contains {@code now}, whether or not a rollover has written it yet. */
    public BillingPeriod periodAt(Instant now) {
        return BillingPeriod.containing(billingAnchor, now);
    }

    /** The plan in force at {@code now}: the scheduled one once its moment has come. */
    public String planAt(Instant now) {
        if (scheduledPlanCode.isPresent() && scheduledAt.isPresent() && !now.isBefore(scheduledAt.get())) {
            return scheduledPlanCode.get();
        }
        return planCode;
    }
}
