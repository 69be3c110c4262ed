package dev.familiar.model.metering;

/** {@code POST /api/admin/tenants} answer. */
public record TenantCreated(String orgId, String planCode, String status, String periodKey) {
}
