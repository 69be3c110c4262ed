package dev.familiar.model.tokens;

import java.util.List;

/**
 * {@code GET /api/admin/tokens/tenant-limits}: the tenants' own limits (ADMIN: every tenant with one; TENANT_ADMIN:
 * their own tenant's, custom or default), the bounds, and {@code refreshSeconds} (how soon a change reaches every
 * server).
 */
public record TenantLimits(List<TenantLimit> items, TenantLimitBounds bounds, int refreshSeconds) {
    public TenantLimits {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
