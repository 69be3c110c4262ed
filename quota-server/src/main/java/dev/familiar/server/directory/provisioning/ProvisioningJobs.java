package dev.familiar.server.directory.provisioning;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Action;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Status;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The provisioning jobs ({@code directory_provisioning_job}). Jobs are written inside the caller's transaction (the
 * sign-up, the cancellation) and claimed by workers on any server with a lease and a token: a claim is one
 * conditional UPDATE, so of two workers racing for a job one gets it; only the token's holder can finish it. The
 * jobs of one (group, person) run in the order they were written. Thread-safe.
 */
public final class ProvisioningJobs {
    private static final int MAX_TEXT = 1000;

    /** A membership that may have to be undone: a person added to a group for an organisation. */
    public record Membership(String userId, String email, String groupId, Optional<String> planCode) {
    }

    private final DataSource dataSource;
    private final AuditLog audit;
    private final Clock clock;

    public ProvisioningJobs(DataSource dataSource, AuditLog audit, Clock clock) {
        this.dataSource = dataSource;
        this.audit = audit;
        this.clock = clock;
    }

    /** Queues a job, due now, inside the caller's transaction; answers its id. */
    public String enqueue(Connection c, String tenantId, Membership m, Action action, String requestId)
            throws SQLException {
        // Databases keep microseconds and round: a stored "now" could land after the clock's now and not be due yet.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_provisioning_job (id, tenant_id, user_id, "
                + "email, group_id, plan_code, action, status, attempts, next_attempt_at, request_id, created_at, "
                + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, tenantId);
            ps.setString(3, m.userId());
            ps.setString(4, m.email());
            ps.setString(5, m.groupId());
            ps.setString(6, m.planCode().orElse(null));
            ps.setString(7, action.name());
            ps.setTimestamp(8, Timestamp.from(now));
            ps.setString(9, requestId);
            ps.setTimestamp(10, Timestamp.from(now));
            ps.setTimestamp(11, Timestamp.from(now));
            ps.executeUpdate();
        }
        return id;
    }

    /**
     * The memberships of an organisation whose last job is an ADD (whatever its status): those a cancellation must
     * undo. A membership already being undone (its last job a REMOVE) is not listed, so applying a cancellation twice
     * queues nothing the second time.
     */
    public List<Membership> added(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT j.user_id, j.email, j.group_id, j.plan_code "
                + "FROM directory_provisioning_job j WHERE j.tenant_id = ? AND j.action = 'ADD' AND NOT EXISTS ("
                + "SELECT 1 FROM directory_provisioning_job k WHERE k.tenant_id = j.tenant_id AND k.group_id = j.group_id "
                + "AND k.user_id = j.user_id AND k.seq > j.seq) ORDER BY j.seq")) {
            ps.setString(1, tenantId);
            List<Membership> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Membership(rs.getString(1), rs.getString(2), rs.getString(3),
                            Optional.ofNullable(rs.getString(4))));
                }
            }
            return out;
        }
    }

    /**
     * Claims up to {@code max} due jobs for {@code lease}, oldest first, each with its attempt counted. A job waits
     * while an earlier job of the same group and person is still pending (an ADD before its REMOVE).
     */
    public List<ClaimedJob> claimDue(int max, Duration lease) throws SQLException {
        // Another worker may win every candidate of a round; those are leased now, so the next round sees others.
        // Empty only when nothing was claimable, never because of contention (a worker would stop with work left).
        while (true) {
            Round round = claimRound(max, lease);
            if (!round.claimed().isEmpty() || round.candidates() == 0) {
                return round.claimed();
            }
        }
    }

    private record Round(int candidates, List<ClaimedJob> claimed) {
    }

    private Round claimRound(int max, Duration lease) throws SQLException {
        Instant now = clock.instant();
        List<String> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT j.id FROM directory_provisioning_job j "
                     + "WHERE j.status = 'PENDING' AND j.next_attempt_at <= ? AND (j.lease_until IS NULL OR j.lease_until < ?) "
                     + "AND NOT EXISTS (SELECT 1 FROM directory_provisioning_job e WHERE e.group_id = j.group_id "
                     + "AND e.user_id = j.user_id AND e.status = 'PENDING' AND e.seq < j.seq) ORDER BY j.seq LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getString(1));
                }
            }
        }
        List<ClaimedJob> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE directory_provisioning_job SET lease_until = ?, "
                     + "lease_token = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'PENDING' "
                     + "AND (lease_until IS NULL OR lease_until < ?)")) {
            for (String id : candidates) {
                String token = UUID.randomUUID().toString();
                ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                ps.setString(2, token);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setString(4, id);
                ps.setTimestamp(5, Timestamp.from(now));
                if (ps.executeUpdate() == 1) {
                    find(c, id).ifPresent(job -> claimed.add(new ClaimedJob(job, token)));
                }
            }
        }
        return new Round(candidates.size(), claimed);
    }

    /**
     * Ends a claimed job (DONE with {@code outcome}, or FAILED with {@code error}) and writes its audit entry in the
     * same transaction. False (nothing written) when the lease was lost to another worker meanwhile.
     */
    public boolean finish(ClaimedJob claimed, Status status, String outcome, String error, AuditEntry entry)
            throws SQLException {
        if (status == Status.PENDING) {
            throw new IllegalArgumentException("finish with DONE or FAILED");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE directory_provisioning_job SET status = ?, "
                        + "lease_until = NULL, lease_token = NULL, outcome = ?, last_error = ?, updated_at = ? "
                        + "WHERE id = ? AND lease_token = ? AND status = 'PENDING'")) {
                    ps.setString(1, status.name());
                    ps.setString(2, clip(outcome, 200));
                    ps.setString(3, clip(error, MAX_TEXT));
                    ps.setTimestamp(4, Timestamp.from(clock.instant()));
                    ps.setString(5, claimed.job().id());
                    ps.setString(6, claimed.leaseToken());
                    updated = ps.executeUpdate();
                }
                if (updated == 1) {
                    audit.record(c, entry);
                }
                c.commit();
                return updated == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A failed attempt to try again at {@code nextAttempt}; false when the lease was lost meanwhile. */
    public boolean retryAt(ClaimedJob claimed, String error, Instant nextAttempt) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE directory_provisioning_job SET lease_until = NULL, "
                     + "lease_token = NULL, last_error = ?, next_attempt_at = ?, updated_at = ? "
                     + "WHERE id = ? AND lease_token = ? AND status = 'PENDING'")) {
            ps.setString(1, clip(error, MAX_TEXT));
            ps.setTimestamp(2, Timestamp.from(nextAttempt));
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, claimed.job().id());
            ps.setString(5, claimed.leaseToken());
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives a claimed job back untried (the server is stopping): due at once, its attempt not counted. */
    public void release(ClaimedJob claimed) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE directory_provisioning_job SET lease_until = NULL, "
                     + "lease_token = NULL, attempts = attempts - 1 WHERE id = ? AND lease_token = ? AND status = 'PENDING'")) {
            ps.setString(1, claimed.job().id());
            ps.setString(2, claimed.leaseToken());
            ps.executeUpdate();
        }
    }

    public Optional<ProvisioningJob> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    /** The newest jobs first, of one status when {@code status} is present. */
    public List<ProvisioningJob> list(Optional<Status> status, int limit) throws SQLException {
        String sql = "SELECT * FROM directory_provisioning_job" + (status.isPresent() ? " WHERE status = ?" : "")
                + " ORDER BY seq DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (status.isPresent()) {
                ps.setString(i++, status.get().name());
            }
            ps.setInt(i, limit);
            return readAll(ps);
        }
    }

    /** An organisation's jobs, oldest first. */
    public List<ProvisioningJob> ofTenant(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT * FROM directory_provisioning_job WHERE tenant_id = ? ORDER BY seq")) {
            ps.setString(1, tenantId);
            return readAll(ps);
        }
    }

    private static Optional<ProvisioningJob> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM directory_provisioning_job WHERE id = ?")) {
            ps.setString(1, id);
            List<ProvisioningJob> found = readAll(ps);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<ProvisioningJob> readAll(PreparedStatement ps) throws SQLException {
        List<ProvisioningJob> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(rs));
            }
        }
        return out;
    }

    private static ProvisioningJob read(ResultSet rs) throws SQLException {
        return new ProvisioningJob(rs.getString("id"), rs.getLong("seq"), rs.getString("tenant_id"),
                rs.getString("user_id"), rs.getString("email"), rs.getString("group_id"),
                Optional.ofNullable(rs.getString("plan_code")), Action.valueOf(rs.getString("action")),
                Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant(), Optional.ofNullable(rs.getString("last_error")),
                Optional.ofNullable(rs.getString("outcome")), Optional.ofNullable(rs.getString("request_id")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
