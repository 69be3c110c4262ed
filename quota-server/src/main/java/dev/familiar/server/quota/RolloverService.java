package dev.familiar.server.quota;

import dev.familiar.model.metering.RolloverResult;
import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.entitlement.BillingPeriod;
import dev.familiar.server.entitlement.Entitlement;
import dev.familiar.server.entitlement.EntitlementStore;
import dev.familiar.server.usage.CounterKey;
import dev.familiar.server.usage.UsageCounters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UC-14 period rollover. For every entitlement whose written period has ended: move it to the period that
 * contains now, apply a scheduled plan change that has come due, write a fresh counter (0 used) for each metric
 * of the plan in the new period, and seed the fast path. The period update is conditional on the old period, so
 * a second run, or a second server running at the same moment, changes nothing. Usage is counted into the right
 * period even before a rollover runs (the period is computed from the billing anchor); the rollover makes the
 * stored state and the fast path catch up.
 */
public final class RolloverService {
    private static final Logger LOG = LoggerFactory.getLogger(RolloverService.class);

    private final DataSource dataSource;
    private final EntitlementStore entitlements;
    private final PlanStore plans;
    private final UsageCounters counters;
    private final Clock clock;

    public RolloverService(DataSource dataSource, EntitlementStore entitlements, PlanStore plans, UsageCounters counters,
                           Clock clock) {
        this.dataSource = dataSource;
        this.entitlements = entitlements;
        this.plans = plans;
        this.counters = counters;
        this.clock = clock;
    }

    public RolloverResult rollOver(boolean dryRun) throws SQLException {
        Instant now = clock.instant();
        int updated = 0;
        String newestKey = null;
        for (Entitlement e : entitlements.periodEndedBy(now)) {
            BillingPeriod next = e.periodAt(now);
            String planCode = e.planAt(next.start());
            boolean scheduleApplied = e.scheduledPlanCode().isPresent() && planCode.equals(e.scheduledPlanCode().get());
            Map<String, Long> allowances = plans.find(planCode).orElseThrow().includedUnits();
            if (dryRun) {
                updated++;
                newestKey = newer(newestKey, next.key());
                continue;
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (!entitlements.rollOver(c, e, e.periodStart(), next, planCode, scheduleApplied, now)) {
                        c.rollback();
                        continue;
                    }
                    for (String metric : allowances.keySet()) {
                        ensureCounter(c, new CounterKey(e.tenantId(), metric, next.key()));
                    }
                    c.commit();
                } catch (SQLException ex) {
                    c.rollback();
                    throw ex;
                }
            }
            for (String metric : allowances.keySet()) {
                seed(new CounterKey(e.tenantId(), metric, next.key()));
            }
            updated++;
            newestKey = newer(newestKey, next.key());
        }
        if (updated > 0 && !dryRun) {
            LOG.info("Rolled {} entitlements into a new billing period", updated);
        }
        return new RolloverResult(updated, newestKey, dryRun);
    }

    private void seed(CounterKey key) {
        try {
            counters.committed(key, counters.used(key));
        } catch (Exception ex) {
            LOG.warn("Could not seed counter {}: {}", key, ex.toString());
        }
    }

    /** A fresh counter at 0, unless usage already reached the new period (it is never reset backwards). */
    private static void ensureCounter(Connection c, CounterKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_counter (tenant_id, metric, period_key, used) "
                + "SELECT ?, ?, ?, 0 FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM usage_counter "
                + "WHERE tenant_id = ? AND metric = ? AND period_key = ?)")) {
            ps.setString(1, key.tenantId());
            ps.setString(2, key.metric());
            ps.setString(3, key.periodKey());
            ps.setString(4, key.tenantId());
            ps.setString(5, key.metric());
            ps.setString(6, key.periodKey());
            ps.executeUpdate();
        }
    }

    private static String newer(String a, String b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
