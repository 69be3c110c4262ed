package dev.familiar.server.entitlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Entitlements in the database. Thread-safe. */
public final class EntitlementStore {
    private final DataSource dataSource;

    public EntitlementStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Connection c, Entitlement e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO entitlement (tenant_id, plan_code, status, "
                + "trial_ends_at, billing_anchor, period_start, period_end, scheduled_plan_code, scheduled_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.tenantId());
            ps.setString(2, e.planCode());
            ps.setString(3, e.status().name());
            ps.setTimestamp(4, e.trialEndsAt().map(Timestamp::from).orElse(null));
            ps.setTimestamp(5, Timestamp.from(e.billingAnchor()));
            ps.setTimestamp(6, Timestamp.from(e.periodStart()));
            ps.setTimestamp(7, Timestamp.from(e.periodEnd()));
            ps.setString(8, e.scheduledPlanCode().orElse(null));
            ps.setTimestamp(9, e.scheduledAt().map(Timestamp::from).orElse(null));
            ps.setTimestamp(10, Timestamp.from(e.updatedAt()));
            ps.executeUpdate();
        }
    }

    public Optional<Entitlement> find(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM entitlement WHERE tenant_id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Entitlements whose written period ended at or before {@code now}: the rollover's work list. */
    public List<Entitlement> periodEndedBy(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM entitlement WHERE period_end <= ? ORDER BY tenant_id")) {
            ps.setTimestamp(1, Timestamp.from(now));
            List<Entitlement> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /**
     * Writes a rollover if the stored period is still {@code expectedStart}; false when another server (or an
     * earlier call) already did, which makes the rollover safe to run twice.
     */
    public boolean rollOver(Connection c, Entitlement e, Instant expectedStart, BillingPeriod next, String planCode,
                            boolean clearSchedule, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE entitlement SET period_start = ?, period_end = ?, "
                + "plan_code = ?, scheduled_plan_code = ?, scheduled_at = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND period_start = ?")) {
            ps.setTimestamp(1, Timestamp.from(next.start()));
            ps.setTimestamp(2, Timestamp.from(next.end()));
            ps.setString(3, planCode);
            ps.setString(4, clearSchedule ? null : e.scheduledPlanCode().orElse(null));
            ps.setTimestamp(5, clearSchedule ? null : e.scheduledAt().map(Timestamp::from).orElse(null));
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setString(7, e.tenantId());
            ps.setTimestamp(8, Timestamp.from(expectedStart));
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets status (and trial end) — used by billing events and by tests. */
    public void updateStatus(String tenantId, EntitlementStatus status, Optional<Instant> trialEndsAt, Instant now)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE entitlement SET status = ?, trial_ends_at = ?, updated_at = ? WHERE tenant_id = ?")) {
            ps.setString(1, status.name());
            ps.setTimestamp(2, trialEndsAt.map(Timestamp::from).orElse(null));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, tenantId);
            ps.executeUpdate();
        }
    }

    /** Schedules a plan change for {@code at} (empty plan clears the schedule). */
    public void schedule(String tenantId, Optional<String> planCode, Optional<Instant> at, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE entitlement SET scheduled_plan_code = ?, scheduled_at = ?, "
                     + "updated_at = ? WHERE tenant_id = ?")) {
            ps.setString(1, planCode.orElse(null));
            ps.setTimestamp(2, at.map(Timestamp::from).orElse(null));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, tenantId);
            ps.executeUpdate();
        }
    }

    public Optional<Entitlement> find(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM entitlement WHERE tenant_id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Writes what billing says: plan, status and trial end; {@code clearSchedule} drops a scheduled change that has
     * happened (or no longer can).
     */
    public void applyBilling(Connection c, String tenantId, String planCode, EntitlementStatus status,
                             Optional<Instant> trialEndsAt, boolean clearSchedule, Instant now) throws SQLException {
        String sql = "UPDATE entitlement SET plan_code = ?, status = ?, trial_ends_at = ?, updated_at = ?"
                + (clearSchedule ? ", scheduled_plan_code = NULL, scheduled_at = NULL" : "") + " WHERE tenant_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, planCode);
            ps.setString(2, status.name());
            ps.setTimestamp(3, trialEndsAt.map(Timestamp::from).orElse(null));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, tenantId);
            ps.executeUpdate();
        }
    }

    /**
     * Opens the billing period {@code [start, end)} when it is later than the stored one (the provider renewed);
     * periods never move back, so late events cannot reopen an old period. Returns whether it moved.
     */
    public boolean advancePeriod(Connection c, String tenantId, Instant start, Instant end, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE entitlement SET billing_anchor = ?, period_start = ?, "
                + "period_end = ?, updated_at = ? WHERE tenant_id = ? AND period_start < ?")) {
            ps.setTimestamp(1, Timestamp.from(start));
            ps.setTimestamp(2, Timestamp.from(start));
            ps.setTimestamp(3, Timestamp.from(end));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, tenantId);
            ps.setTimestamp(6, Timestamp.from(start));
            return ps.executeUpdate() == 1;
        }
    }

    /** Moves the tenant to another plan now, keeping the period (and so its counters); clears a scheduled change. */
    public void changePlan(String tenantId, String planCode, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE entitlement SET plan_code = ?, scheduled_plan_code = NULL, "
                     + "scheduled_at = NULL, updated_at = ? WHERE tenant_id = ?")) {
            ps.setString(1, planCode);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, tenantId);
            ps.executeUpdate();
        }
    }

    private static Entitlement read(ResultSet rs) throws SQLException {
        return new Entitlement(rs.getString("tenant_id"), rs.getString("plan_code"),
                EntitlementStatus.parse(rs.getString("status")), instant(rs, "trial_ends_at"),
                rs.getTimestamp("billing_anchor").toInstant(), rs.getTimestamp("period_start").toInstant(),
                rs.getTimestamp("period_end").toInstant(), Optional.ofNullable(rs.getString("scheduled_plan_code")),
                instant(rs, "scheduled_at"), rs.getTimestamp("updated_at").toInstant());
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
