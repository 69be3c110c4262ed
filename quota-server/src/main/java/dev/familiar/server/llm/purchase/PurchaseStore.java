package dev.familiar.server.llm.purchase;

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
 * Sagas in {@code token_purchase}. Every state change is conditional on the state it leaves, so a step that two
 * workers (or a worker and a recovery after a crash) both try happens once. {@code lease_until} keeps one worker on
 * a saga at a time and doubles as the time of the next attempt after a transient failure.
 */
public final class PurchaseStore {
    private final DataSource dataSource;
    private final Clock clock;

    public PurchaseStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Inserts a new saga; false when the user already used this idempotency key. */
    public boolean insert(Purchase p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean inserted = insert(c, p);
                if (inserted) {
                    log(c, p.sagaId(), new StepNote(StepNote.START, StepNote.SUCCEEDED, p.tokens() + " " + p.provider()
                            + " tokens for " + p.amount() + " " + p.currency() + " (minor units)"));
                }
                c.commit();
                return inserted;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private boolean insert(Connection c, Purchase p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_purchase (saga_id, user_id, tenant_id, org_id, "
                     + "provider, tokens, amount, currency, idempotency_key, payload_hash, status, compensated, created_at, "
                     + "updated_at, deadline_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?)")) {
            ps.setString(1, p.sagaId());
            ps.setString(2, p.userId());
            ps.setString(3, p.tenantId());
            ps.setString(4, p.orgId().orElse(null));
            ps.setString(5, p.provider());
            ps.setLong(6, p.tokens());
            ps.setLong(7, p.amount());
            ps.setString(8, p.currency());
            ps.setString(9, p.idempotencyKey().orElse(null));
            ps.setString(10, p.payloadHash());
            ps.setString(11, p.status().name());
            ps.setTimestamp(12, Timestamp.from(p.createdAt()));
            ps.setTimestamp(13, Timestamp.from(p.updatedAt()));
            ps.setTimestamp(14, Timestamp.from(p.deadlineAt()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                // PostgreSQL ends the transaction at the error: start it again so the caller's commit is harmless
                c.rollback();
                return false;
            }
            throw e;
        }
    }

    public Optional<Purchase> find(String sagaId) throws SQLException {
        return one("SELECT * FROM token_purchase WHERE saga_id = ?", sagaId, null);
    }

    public Optional<Purchase> findByKey(String userId, String idempotencyKey) throws SQLException {
        return one("SELECT * FROM token_purchase WHERE user_id = ? AND idempotency_key = ?", userId, idempotencyKey);
    }

    /** Claims up to {@code max} unfinished sagas that nobody works on now, for {@code lease}. */
    public List<Purchase> claimDue(int max, Duration lease) throws SQLException {
        Instant now = clock.instant();
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT saga_id FROM token_purchase WHERE status IN "
                     + "('STARTED', 'PAYMENT_RESERVED', 'TOKENS_ALLOCATED') AND (lease_until IS NULL OR lease_until < ?) "
                     + "ORDER BY created_at LIMIT ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setInt(2, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        List<Purchase> claimed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE token_purchase SET lease_until = ? WHERE saga_id = ? AND "
                     + "status IN ('STARTED', 'PAYMENT_RESERVED', 'TOKENS_ALLOCATED') AND (lease_until IS NULL OR lease_until < ?)")) {
            for (String id : ids) {
                ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                ps.setString(2, id);
                ps.setTimestamp(3, Timestamp.from(now));
                if (ps.executeUpdate() == 1) {
                    find(id).ifPresent(claimed::add);
                }
            }
        }
        return claimed;
    }

    /** Sets when the saga may be worked next ({@code null}: at once). */
    public void leaseUntil(String sagaId, Instant until) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE token_purchase SET lease_until = ? WHERE saga_id = ?")) {
            ps.setTimestamp(1, until == null ? null : Timestamp.from(until));
            ps.setString(2, sagaId);
            ps.executeUpdate();
        }
    }

    /**
     * Moves the saga from {@code from} to {@code to} inside the caller's transaction; false when it is no longer in
     * {@code from} (another worker did the step).
     */
    public boolean transition(Connection c, String sagaId, Purchase.Status from, Purchase.Status to,
                              Optional<String> paymentId, Optional<String> error, boolean compensated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_purchase SET status = ?, payment_id = COALESCE(?, "
                + "payment_id), error = COALESCE(?, error), compensated = ?, updated_at = ?"
                + (to.terminal() ? ", lease_until = NULL" : "") + " WHERE saga_id = ? AND status = ?")) {
            ps.setString(1, to.name());
            ps.setString(2, paymentId.orElse(null));
            ps.setString(3, error.map(e -> e.length() > 500 ? e.substring(0, 500) : e).orElse(null));
            ps.setBoolean(4, compensated);
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.setString(6, sagaId);
            ps.setString(7, from.name());
            return ps.executeUpdate() == 1;
        }
    }

    public boolean transition(String sagaId, Purchase.Status from, Purchase.Status to, Optional<String> paymentId,
                              Optional<String> error, boolean compensated) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return transition(c, sagaId, from, to, paymentId, error, compensated);
        }
    }

    /**
     * {@link #transition(Connection, String, Purchase.Status, Purchase.Status, Optional, Optional, boolean)} and, when
     * it happened, {@code note} in the step log, in one transaction.
     */
    public boolean transition(String sagaId, Purchase.Status from, Purchase.Status to, Optional<String> paymentId,
                              Optional<String> error, boolean compensated, StepNote note) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean moved = transition(c, sagaId, from, to, paymentId, error, compensated);
                if (moved) {
                    log(c, sagaId, note);
                }
                c.commit();
                return moved;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Appends {@code note} to the saga's step log inside the caller's transaction (seq: the saga's next number). The
     * caller has changed the saga's row in this transaction, which serialises writers of the same saga.
     */
    public void log(Connection c, String sagaId, StepNote note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_purchase_step (saga_id, seq, at, step, outcome, "
                + "detail) SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ? FROM token_purchase_step WHERE saga_id = ?")) {
            ps.setString(1, sagaId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, note.step());
            ps.setString(4, note.outcome());
            ps.setString(5, note.detail());
            ps.setString(6, sagaId);
            ps.executeUpdate();
        }
    }

    /** Appends {@code note} on its own (a step that changes no state: an unknown outcome, a retry). */
    public void log(String sagaId, StepNote note) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                log(c, sagaId, note);
                return;
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState()) || attempt == 3) {
                    throw e;
                }
                // another writer took the same seq: take the next one
            }
        }
    }

    /** Whether the saga's log has a {@code step} entry already. */
    public boolean hasStep(String sagaId, String step) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM token_purchase_step WHERE saga_id = ? AND step = ?")) {
            ps.setString(1, sagaId);
            ps.setString(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Optional<Purchase> one(String sql, String a, String b) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            if (b != null) {
                ps.setString(2, b);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Purchase read(ResultSet rs) throws SQLException {
        return new Purchase(rs.getString("saga_id"), rs.getString("user_id"), rs.getString("tenant_id"),
                Optional.ofNullable(rs.getString("org_id")), rs.getString("provider"), rs.getLong("tokens"),
                rs.getLong("amount"), rs.getString("currency"), Optional.ofNullable(rs.getString("idempotency_key")),
                rs.getString("payload_hash"), Purchase.Status.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("payment_id")), Optional.ofNullable(rs.getString("error")),
                rs.getBoolean("compensated"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getTimestamp("deadline_at").toInstant());
    }
}
