package dev.familiar.server.billing.inbox;

import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.http.KeysetCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The administrators' reads of the webhook inbox ({@code webhook_event}) and the replay's conditional re-queue.
 * Pages are keyset pages, newest received first ({@code received_at DESC, event_id DESC}), over the V20 indexes.
 * Thread-safe.
 */
public final class InboxStore {
    /** What a replay did to one event. */
    public enum Requeue { QUEUED, UNKNOWN, ALREADY_PENDING }

    /** One page and the key of its last row when more rows follow. */
    public record Page(List<InboxEvent> events, Optional<KeysetCursor> next) {
    }

    private static final String COLUMNS = "event_id, event_type, object_id, event_created, received_at, correlation_id, "
            + "source, status, attempts, last_error, applied_at";

    private final DataSource dataSource;
    private final Clock clock;

    public InboxStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Up to {@code limit} events matching {@code filter} after {@code after} (the first page when empty). */
    public Page page(InboxFilter filter, Optional<KeysetCursor> after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.status().ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s);
        });
        filter.type().ifPresent(t -> {
            if (filter.typePrefix()) {
                sql.append(" AND event_type LIKE ? ESCAPE '!'");
                args.add(likeEscape(t) + "%");
            } else {
                sql.append(" AND event_type = ?");
                args.add(t);
            }
        });
        filter.from().ifPresent(f -> {
            sql.append(" AND received_at >= ?");
            args.add(Timestamp.from(f));
        });
        filter.to().ifPresent(t -> {
            sql.append(" AND received_at < ?");
            args.add(Timestamp.from(t));
        });
        after.ifPresent(c -> {
            sql.append(" AND (received_at < ? OR (received_at = ? AND event_id < ?))");
            args.add(Timestamp.from(c.at()));
            args.add(Timestamp.from(c.at()));
            args.add(c.id());
        });
        sql.append(" ORDER BY received_at DESC, event_id DESC LIMIT ?");
        args.add(limit + 1);
        List<InboxEvent> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, false));
                }
            }
        }
        if (rows.size() <= limit) {
            return new Page(rows, Optional.empty());
        }
        List<InboxEvent> page = rows.subList(0, limit);
        InboxEvent last = page.get(limit - 1);
        return new Page(List.copyOf(page), Optional.of(new KeysetCursor(last.receivedAt(), last.eventId())));
    }

    /** One event with its payload. */
    public Optional<InboxEvent> find(String eventId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", payload FROM webhook_event WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs, true)) : Optional.empty();
            }
        }
    }

    /**
     * Queues a known event again with a new correlation id unless it is already waiting (PENDING: new, leased by a
     * worker, or backing off after a failed attempt), which is left alone. The update is conditional on the status,
     * so a worker finishing the event meanwhile is either seen as PENDING or re-queued after it, never lost.
     */
    public Requeue requeue(String eventId, String correlationId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (int round = 0; round < 3; round++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET status = 'PENDING', attempts = 0, "
                        + "next_attempt_at = ?, lease_until = NULL, correlation_id = ? WHERE event_id = ? "
                        + "AND status <> 'PENDING'")) {
                    ps.setTimestamp(1, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS)));
                    ps.setString(2, correlationId);
                    ps.setString(3, eventId);
                    if (ps.executeUpdate() == 1) {
                        return Requeue.QUEUED;
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT status FROM webhook_event WHERE event_id = ?")) {
                    ps.setString(1, eventId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return Requeue.UNKNOWN;
                        }
                        if (InboxEvent.PENDING.equals(rs.getString(1))) {
                            return Requeue.ALREADY_PENDING;
                        }
                    }
                }
                // finished between the update and the read: try the update again
            }
            return Requeue.ALREADY_PENDING;
        }
    }

    static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static InboxEvent read(ResultSet rs, boolean withPayload) throws SQLException {
        Timestamp applied = rs.getTimestamp("applied_at");
        return new InboxEvent(rs.getString("event_id"), rs.getString("event_type"), rs.getString("object_id"),
                rs.getLong("event_created"), rs.getTimestamp("received_at").toInstant(),
                withPayload ? rs.getString("payload") : null, rs.getString("correlation_id"), rs.getString("source"),
                rs.getString("status"), rs.getInt("attempts"), rs.getString("last_error"),
                applied == null ? null : applied.toInstant());
    }

    /**
     * How many events are in each of {@code statuses} now (0 for a status with none), for the operations gauges.
     * Counts over the {@code (status, …)} indexes, so naming the few open statuses (PENDING, FAILED) stays cheap however
     * many APPLIED events the inbox keeps.
     */
    public java.util.Map<String, Long> countByStatus(List<String> statuses) throws SQLException {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_event WHERE status = ?")) {
            for (String status : statuses) {
                ps.setString(1, status);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.put(status, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
