package dev.familiar.server.llm.ratelimit;

import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.settings.LiveTokenSettings;
import java.time.Clock;

/**
 * The consume route's leaky bucket per user: the configured capacity and leak rate (or the user's tenant's own,
 * such as {@code tenant-acme=500/60}), scaled by the user's tier multipliers (FREE ×0.5). Both are read live
 * ({@link LiveTokenSettings}): a tenant's new limit applies to its users' next request.
 */
public final class RateLimiter {
    private final BucketStore store;
    private final LiveTokenSettings settings;
    private final Clock clock;

    public RateLimiter(BucketStore store, LiveTokenSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public LeakyBucket.Limits limitsFor(String tenantId, LlmTokenSettings.Tier tier) {
        LlmTokenSettings.TenantLimit tenant = settings.tenantLimit(tenantId).orElse(null);
        long capacity = tenant != null ? tenant.capacity() : settings.bucketCapacity();
        double leak = tenant != null ? tenant.leakPerSecond() : settings.leakPerSecond();
        return new LeakyBucket.Limits(Math.max(1, Math.round(capacity * tier.capacityMultiplier())),
                leak * tier.leakMultiplier());
    }

    public LeakyBucket.Decision offer(String userId, String tenantId, LlmTokenSettings.Tier tier, long tokens) {
        return store.offer("user:" + userId, limitsFor(tenantId, tier), tokens, clock.instant());
    }
}
