package dev.familiar.model.tokens;

import java.time.Instant;

/**
 * A tenant's leaky bucket ({@code /api/admin/tokens/tenant-limits}): {@code capacity} tokens draining over
 * {@code windowSeconds} ({@code leakPerSecond} = capacity / windowSeconds), before the user's tier multipliers.
 * {@code custom} false: the tenant has no limit of its own and these are the platform defaults. {@code updatedBy}
 * and {@code updatedAt} are null for defaults.
 */
public record TenantLimit(String tenantId, String tenantName, long capacity, long windowSeconds, double leakPerSecond,
                          boolean custom, String updatedBy, Instant updatedAt) {
}
