package dev.familiar.server.prompt.batch;

import dev.familiar.model.prompt.BatchView;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code prompt_batch} and {@code prompt_batch_row} tables. Every change of a batch's state is a conditional
 * UPDATE on {@code status = 'RUNNING'}, so exactly one ending wins (completed, cancelled, failed, interrupted) and a
 * worker that lost its batch (another server interrupted it) learns so from its next write. The engineer who started
 * a batch is stored by user id and read by username (the stored value when no user has that id). Thread-safe.
 */
public final class BatchStore {
    /** A new batch, written RUNNING with nothing done; {@code createdBy} is the engineer's user id. */
    public record NewBatch(String id, String function, int version, String dataSet, String settingsJson, int total,
                           String createdBy, Instant createdAt) {
    }

    /** What a worker learns after writing a row: whether its batch is still RUNNING, and whether a stop was asked. */
    public record Progress(boolean running, boolean cancelRequested) {
    }

    private final DataSource dataSource;

    public BatchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(NewBatch b) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO prompt_batch (id, function_name, version, data_set, "
                     + "settings, status, total, done, failed, prompt_tokens, completion_tokens, cost, error, "
                     + "cancel_requested, created_by, created_at, heartbeat_at, finished_at) "
                     + "VALUES (?, ?, ?, ?, ?, 'RUNNING', ?, 0, 0, 0, 0, 0, NULL, FALSE, ?, ?, ?, NULL)")) {
            ps.setString(1, b.id());
            ps.setString(2, b.function());
            ps.setInt(3, b.version());
            ps.setString(4, b.dataSet());
            ps.setString(5, b.settingsJson());
            ps.setInt(6, b.total());
            ps.setString(7, b.createdBy());
            ps.setTimestamp(8, Timestamp.from(b.createdAt()));
            ps.setTimestamp(9, Timestamp.from(b.createdAt()));
            ps.executeUpdate();
        }
    }

    public Optional<BatchView> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<String> iterations = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT iteration_id FROM prompt_batch_row WHERE batch_id = ? ORDER BY position")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        iterations.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT b.function_name, b.version, b.data_set, b.status, "
                    + "b.total, b.done, b.failed, b.prompt_tokens, b.completion_tokens, b.cost, b.error, "
                    + "COALESCE(u.username, b.created_by), b.created_at, b.finished_at "
                    + "FROM prompt_batch b LEFT JOIN app_user u ON u.id = b.created_by WHERE b.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Timestamp finished = rs.getTimestamp(14);
                    BigDecimal cost = rs.getBigDecimal(10).stripTrailingZeros();
                    return Optional.of(new BatchView(id, rs.getString(1), rs.getInt(2), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), List.copyOf(iterations),
                            rs.getLong(8), rs.getLong(9), cost.scale() < 0 ? cost.setScale(0) : cost, rs.getString(11),
                            rs.getString(12), rs.getTimestamp(13).toInstant(),
                            finished == null ? null : finished.toInstant()));
                }
            }
        }
    }

    /** The user id of the engineer who started {@code id} (what the cancel rule compares); empty when no such batch. */
    public Optional<String> starterId(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT created_by FROM prompt_batch WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Records the iteration of row {@code position} and adds it to the counters, in one transaction, if the batch is
     * still RUNNING; moves its heartbeat.
     */
    public Progress recordRow(String id, int position, String iterationId, boolean rowFailed, long promptTokens,
                              long completionTokens, BigDecimal cost, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE prompt_batch SET done = done + 1, "
                        + "failed = failed + ?, prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, "
                        + "cost = cost + ?, heartbeat_at = ? WHERE id = ? AND status = 'RUNNING'")) {
                    ps.setInt(1, rowFailed ? 1 : 0);
                    ps.setLong(2, promptTokens);
                    ps.setLong(3, completionTokens);
                    ps.setBigDecimal(4, cost == null ? BigDecimal.ZERO : cost);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setString(6, id);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    c.rollback();
                    return new Progress(false, false);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO prompt_batch_row (batch_id, position, iteration_id) VALUES (?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setInt(2, position);
                    ps.setString(3, iterationId);
                    ps.executeUpdate();
                }
                boolean cancel = cancelRequested(c, id);
                c.commit();
                return new Progress(true, cancel);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Whether someone asked {@code id} to stop. */
    public boolean cancelRequested(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return cancelRequested(c, id);
        }
    }

    /** Asks a RUNNING batch to stop after its row in flight; false when it is not RUNNING. */
    public boolean requestCancel(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE prompt_batch SET cancel_requested = TRUE WHERE id = ? AND status = 'RUNNING'")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** Ends a RUNNING batch with {@code status}; false when it had already ended. */
    public boolean finish(String id, String status, String error, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE prompt_batch SET status = ?, error = ?, finished_at = ?, "
                     + "heartbeat_at = ? WHERE id = ? AND status = 'RUNNING'")) {
            ps.setString(1, status);
            ps.setString(2, truncate(error));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** Moves the heartbeat of these RUNNING batches (the ones this server runs or has queued). */
    public void heartbeat(Collection<String> ids, Instant now) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE prompt_batch SET heartbeat_at = ? WHERE id = ? AND status = 'RUNNING'")) {
            for (String id : ids) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Ends as INTERRUPTED every RUNNING batch whose heartbeat is older than {@code cutoff}; answers how many. */
    public int interruptStale(Instant cutoff, String error, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE prompt_batch SET status = 'INTERRUPTED', error = ?, "
                     + "finished_at = ? WHERE status = 'RUNNING' AND heartbeat_at < ?")) {
            ps.setString(1, truncate(error));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(cutoff));
            return ps.executeUpdate();
        }
    }

    private static boolean cancelRequested(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT cancel_requested FROM prompt_batch WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}
