package dev.familiar.model.tokens;

/**
 * The platform's defaults and the bounds a TENANT_ADMIN's own limit must keep within ({@code capacity} at most
 * {@code maxCapacity}; {@code capacity / windowSeconds} at most {@code maxLeakPerSecond}; {@code windowSeconds}
 * between {@code minWindowSeconds} and {@code maxWindowSeconds}). ADMIN is bound only by the window's range.
 */
public record TenantLimitBounds(long defaultCapacity, long defaultWindowSeconds, long maxCapacity,
                                double maxLeakPerSecond, long minWindowSeconds, long maxWindowSeconds) {
}
