package dev.familiar.model.tokens;

/** {@code PUT /api/admin/tokens/tenant-limits/{tenantId}}: the tenant's own bucket. */
public record TenantLimitRequest(long capacity, long windowSeconds) {
}
