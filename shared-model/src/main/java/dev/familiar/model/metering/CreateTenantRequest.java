package dev.familiar.model.metering;

/** {@code POST /api/admin/tenants}: a tenant with an entitlement, no payment provider involved. */
public record CreateTenantRequest(String name, String planCode, Integer trialDays) {
}
