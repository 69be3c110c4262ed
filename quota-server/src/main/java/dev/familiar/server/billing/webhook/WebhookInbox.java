package dev.familiar.server.billing.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The webhook inbox ({@code webhook_event}): every provider event once, keyed by its id. Workers on any server
 * claim due events with a lease, so one event is worked on by one worker at a time; a crashed worker's lease
 * runs out and the event is claimed again. Thread-safe.
 */
public final class WebhookInbox {
    public static final String SOURCE_STRIPE = "stripe";
    public static final String SOURCE_DRY_RUN = "dry-run";

    private final DataSource dataSource;
    private final Clock clock;

    public WebhookInbox(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Stores a new event as PENDING; false (and nothing written) when the id is already in the inbox. */
    public boolean store(String eventId, String type, String objectId, long created, String payload, String correlationId,
                         String source) throws SQLException {
        // Databases keep microseconds and round: a stored "now" could land after the clock's now and not be due yet.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_event (event_id, event_type, object_id, "
                     + "event_created, received_at, payload, correlation_id, source, status, attempts, next_attempt_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")) {
            ps.setString(1, eventId);
            ps.setString(2, type);
            ps.setString(3, objectId);
            ps.setLong(4, created);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setString(6, payload);
            ps.setString(7, correlationId);
            ps.setString(8, source);
            ps.setTimestamp(9, Timestamp.from(now));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Claims up to {@code max} due events for {@code lease}, oldest first by provider time. Each returned event
     * has its attempt counted.
     */
    public List<InboxEvent> claimDue(int max, Duration lease) throws SQLException {
        Instant now = clock.instant();
        List<String> candidates = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT event_id FROM webhook_event WHERE status = 'PENDING' "
                     + "AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) "
                     + "ORDER BY event_created, event_id LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setInt(3, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getString(1));
                }
            }
        }
        List<InboxEvent> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET lease_until = ?, attempts = attempts + 1 "
                     + "WHERE event_id = ? AND status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)")) {
            for (String id : candidates) {
                ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                ps.setString(2, id);
                ps.setTimestamp(3, Timestamp.from(now));
                if (ps.executeUpdate() == 1) {
                    find(c, id).ifPresent(claimed::add);
                }
            }
        }
        return claimed;
    }

    /** Marks a worked event done (APPLIED, STALE or IGNORED) inside the transaction that applied it. */
    public void finish(Connection c, String eventId, String status, String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET status = ?, lease_until = NULL, "
                + "last_error = ?, applied_at = ? WHERE event_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, note);
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, eventId);
            ps.executeUpdate();
        }
    }

    /** Records a failed attempt: tried again at {@code nextAttempt}, or FAILED for good when {@code giveUp}. */
    public void failed(String eventId, String error, Instant nextAttempt, boolean giveUp) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET status = ?, lease_until = NULL, "
                     + "last_error = ?, next_attempt_at = ? WHERE event_id = ?")) {
            ps.setString(1, giveUp ? InboxEvent.FAILED : InboxEvent.PENDING);
            ps.setString(2, error.length() > 1000 ? error.substring(0, 1000) : error);
            ps.setTimestamp(3, Timestamp.from(nextAttempt));
            ps.setString(4, eventId);
            ps.executeUpdate();
        }
    }

    public Optional<InboxEvent> find(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, eventId);
        }
    }

    private Optional<InboxEvent> find(Connection c, String eventId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM webhook_event WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Newest first; {@code status} filters when present. */
    public List<InboxEvent> list(Optional<String> status, int limit) throws SQLException {
        String sql = "SELECT * FROM webhook_event" + (status.isPresent() ? " WHERE status = ?" : "")
                + " ORDER BY received_at DESC, event_id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (status.isPresent()) {
                ps.setString(i++, status.get());
            }
            ps.setInt(i, limit);
            List<InboxEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** Events not yet worked (pending), for tests and readiness. */
    public long pendingCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_event WHERE status = 'PENDING'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static InboxEvent read(ResultSet rs) throws SQLException {
        Timestamp applied = rs.getTimestamp("applied_at");
        return new InboxEvent(rs.getString("event_id"), rs.getString("event_type"), rs.getString("object_id"),
                rs.getLong("event_created"), rs.getTimestamp("received_at").toInstant(), rs.getString("payload"),
                rs.getString("correlation_id"), rs.getString("source"), rs.getString("status"), rs.getInt("attempts"),
                rs.getString("last_error"), applied == null ? null : applied.toInstant());
    }
}
