package dev.familiar.model.customers;

import dev.familiar.model.billing.BillingState;
import dev.familiar.model.billing.InvoiceList;
import java.time.Instant;
import java.util.List;

/**
 * One organisation for the admin ({@code GET /api/admin/customers/{orgId}}). Parts that come from elsewhere may be
 * missing without failing the answer: {@code billing} is null with {@code billingError} saying why (no billing
 * account: the organisation was not created by sign-up), {@code invoices} is null with {@code invoicesError} (the
 * payment provider did not answer, or there is no billing account).
 *
 * @param users     the first 100 users of the organisation's tenant, oldest first; {@code userCount} counts them all
 * @param invoices  the first page of the provider's invoices (up to 10, newest first)
 */
public record CustomerDetail(String orgId, String name, Instant createdAt, String ownerEmail,
                             CustomerEntitlement entitlement, ScheduledChange scheduledChange, BillingState billing,
                             String billingError, List<CustomerUser> users, long userCount, InvoiceList invoices,
                             String invoicesError) {

    /** The entitlement now: plan, status, trial, the metering period in force and its usage. */
    public record CustomerEntitlement(String planCode, String status, Instant trialEndsAt, boolean usable,
                                      String periodKey, Instant periodStart, Instant periodEnd, String metric,
                                      long includedUnits, long used, long remaining) {
    }

    /** A plan change waiting for its moment (a downgrade at period end). */
    public record ScheduledChange(String planCode, Instant effectiveAt) {
    }

    /** A user of the organisation's tenant. */
    public record CustomerUser(String id, String username, String email, List<String> roles, Instant createdAt) {
    }
}
