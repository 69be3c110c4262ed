package dev.familiar.server.entitlement;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.auth.ExpiringCache;
import dev.familiar.server.catalog.Plan;
import dev.familiar.server.catalog.PlanStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Creates tenants with entitlements and answers what a tenant may use now. */
public final class EntitlementService {
    /** What a tenant may use at one moment. */
    public record Current(Entitlement entitlement, Plan plan, BillingPeriod period, boolean usable) {
        public long allowance(String metric) {
            return plan.allowance(metric).orElse(0L);
        }
    }

    private final DataSource dataSource;
    private final EntitlementStore store;
    private final PlanStore plans;
    private final Clock clock;
    /**
     * Entitlements are read on every metered request and change rarely (billing events, admin actions): they are
     * cached for {@link #CACHE_TTL}, so a change made on another server is seen within that time.
     */
    private final ExpiringCache<Held> cache;
    static final Duration CACHE_TTL = Duration.ofSeconds(1);

    /**
     * A cached entitlement with the billing period last asked about: working a period out (calendar months from the
     * anchor) cost more than the rest of a cache hit, and nearly every request falls in the same period.
     */
    private static final class Held {
        final Entitlement entitlement;
        volatile BillingPeriod lastPeriod;

        Held(Entitlement entitlement) {
            this.entitlement = entitlement;
        }

        BillingPeriod periodAt(Instant at) {
            BillingPeriod last = lastPeriod;
            if (last != null && !at.isBefore(last.start()) && at.isBefore(last.end())) {
                return last; // periods from the anchor on do not overlap: the one containing `at` is this one
            }
            BillingPeriod period = entitlement.periodAt(at);
            lastPeriod = period;
            return period;
        }
    }

    public EntitlementService(DataSource dataSource, EntitlementStore store, PlanStore plans, Clock clock) {
        this.dataSource = dataSource;
        this.store = store;
        this.plans = plans;
        this.clock = clock;
        this.cache = new ExpiringCache<>(100_000, clock);
    }

    /** Drops a cached entitlement after this server changed it. */
    public void forget(String tenantId) {
        cache.invalidateKey(tenantId);
    }

    /**
     * A new tenant with an entitlement on {@code planCode}: trialing for {@code trialDays} when given, active
     * otherwise; its first period starts now. Sign-up (billing) reuses this.
     */
    public Entitlement createTenant(String name, String planCode, Optional<Integer> trialDays) throws SQLException {
        return createTenant(name, planCode, trialDays, (c, e) -> { });
    }

    /** Work to do in the transaction that creates a tenant (sign-up writes its billing account there). */
    @FunctionalInterface
    public interface InSameTransaction {
        void run(Connection c, Entitlement created) throws SQLException;
    }

    /** As {@link #createTenant(String, String, Optional)}, running {@code alsoDo} in the same transaction. */
    public Entitlement createTenant(String name, String planCode, Optional<Integer> trialDays, InSameTransaction alsoDo)
            throws SQLException {
        plans.find(planCode).orElseThrow(() -> ApiError.validation(java.util.Map.of("planCode", "is not a known plan")));
        plans.requireOpen(planCode);
        Instant now = clock.instant();
        BillingPeriod first = BillingPeriod.startingAt(now);
        String tenantId = UUID.randomUUID().toString();
        boolean trial = trialDays.isPresent() && trialDays.get() > 0;
        Entitlement e = new Entitlement(tenantId, planCode, trial ? EntitlementStatus.TRIALING : EntitlementStatus.ACTIVE,
                trial ? Optional.of(now.plus(Duration.ofDays(trialDays.get()))) : Optional.empty(), now, first.start(),
                first.end(), Optional.empty(), Optional.empty(), now);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, tenantId);
                    ps.setString(2, name);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.executeUpdate();
                }
                store.insert(c, e);
                alsoDo.run(c, e);
                c.commit();
            } catch (SQLException ex) {
                c.rollback();
                throw ex;
            }
        }
        return e;
    }

    /** The tenant's entitlement at {@code at}; 402 {@code PAYMENT_REQUIRED} when it has none. */
    public Current currentAt(String tenantId, Instant at) throws SQLException {
        Held held = cache.get(tenantId).orElse(null);
        if (held == null) {
            Optional<Entitlement> found = store.find(tenantId);
            if (found.isEmpty()) {
                throw new ApiError(ErrorCode.PAYMENT_REQUIRED, "No subscription for this organisation", 402,
                        java.util.Map.of("allow", false, "remaining", 0));
            }
            held = new Held(found.get());
            cache.put(tenantId, held, clock.instant().plus(CACHE_TTL));
        }
        Entitlement e = held.entitlement;
        String planCode = e.planAt(at);
        Plan plan = plans.find(planCode).orElseThrow(() -> new IllegalStateException("Unknown plan " + planCode));
        return new Current(e, plan, held.periodAt(at), e.usableAt(at));
    }

    public Current current(String tenantId) throws SQLException {
        return currentAt(tenantId, clock.instant());
    }
}
