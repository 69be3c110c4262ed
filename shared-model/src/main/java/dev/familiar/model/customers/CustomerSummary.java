package dev.familiar.model.customers;

import java.time.Instant;

/**
 * One organisation on the admin's customers page ({@code GET /api/admin/customers}).
 *
 * @param status             the entitlement's status: {@code trialing}, {@code active}, {@code past_due},
 *                           {@code paused} or {@code canceled}
 * @param currentPeriodStart the metering period in force now (monthly from the organisation's start, UTC)
 * @param usedUnits          units of {@code metric} used in that period
 * @param includedUnits      units of {@code metric} the plan includes per period
 * @param ownerEmail         the e-mail (or username) of the organisation's earliest TENANT_ADMIN; null without one
 */
public record CustomerSummary(String orgId, String name, String planCode, String status, Instant trialEndsAt,
                              Instant currentPeriodStart, Instant currentPeriodEnd, String metric, long usedUnits,
                              long includedUnits, String ownerEmail, Instant createdAt) {
}
