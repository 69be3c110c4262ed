package dev.familiar.server.llm.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Token quotas and purchased balances in the database. Reservations ({@link #reserveAll}, fed in batches by
 * {@link ReservationLedger}) lock the quota rows ({@code SELECT … FOR UPDATE}), roll an ended window forward, take what
 * the window has left and then the purchased balance, and commit: concurrent consumers on one quota, on one server or
 * many sharing PostgreSQL, are serialised on that row and never overspend it. Thread-safe.
 */
public final class QuotaStore {
    private final DataSource dataSource;
    private final Clock clock;
    /** Embedded H2 only: reservations decided in memory and journalled, applied to the rows in bulk (null: none). */
    private volatile QuotaBook book;

    public QuotaStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** From now on the rows may lag {@code book}'s journalled decisions; every read and write here applies them first. */
    void attach(QuotaBook book) {
        this.book = book;
    }

    /** Applies what the book holds to the rows (nothing without a book), so a read of the rows is exact. */
    public void applyPending() throws SQLException {
        QuotaBook b = book;
        if (b != null) {
            b.flush();
        }
    }

    /** A quota row as stored. */
    record Row(long total, long used, long windowSeconds, Instant windowStart, Instant updatedAt) {
    }

    /** The quota now (its window rolled forward if it ended; nothing written); empty when there is none. */
    public Optional<Quota> find(QuotaKey key) throws SQLException {
        applyPending();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            Optional<Row> row = row(c, key, false);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(view(key, row.get(), balance(c, key, false), now));
        }
    }

    /** Creates or replaces a quota's total; a new one starts its window now. */
    public Quota put(QuotaKey key, long totalTokens, QuotaWindow window) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET total_tokens = ?, window_seconds = ?, "
                        + "updated_at = ? WHERE owner_kind = ? AND owner_id = ? AND provider = ?")) {
                    ps.setLong(1, totalTokens);
                    ps.setLong(2, window.seconds());
                    ps.setTimestamp(3, Timestamp.from(now));
                    bindKey(ps, 4, key);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    insert(c, key, totalTokens, window, now);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return find(key).orElseThrow();
    }

    /** One reservation asked for in a batch; {@code allowanceIfMissing} creates a user's quota on first use. */
    public record Request(QuotaKey key, long tokens, Optional<Long> allowanceIfMissing, QuotaWindow windowIfMissing) {
    }

    /**
     * Reserves a batch in one transaction: the rows are locked in key order (so servers sharing a database never
     * deadlock), each request is decided in arrival order against what the ones before it took, and every row is
     * written once. Results are in the order of {@code requests}; empty where the quota could not cover it.
     */
    public List<Optional<Reservation>> reserveAll(List<Request> requests) throws SQLException {
        Instant now = clock.instant();
        Map<QuotaKey, List<Integer>> byKey = new TreeMap<>(KEY_ORDER);
        for (int i = 0; i < requests.size(); i++) {
            byKey.computeIfAbsent(requests.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        List<Optional<Reservation>> results = new ArrayList<>(Collections.nCopies(requests.size(), Optional.empty()));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (Map.Entry<QuotaKey, List<Integer>> entry : byKey.entrySet()) {
                    QuotaKey key = entry.getKey();
                    Request first = requests.get(entry.getValue().get(0));
                    Optional<Row> row = row(c, key, true);
                    if (row.isEmpty() && first.allowanceIfMissing().isPresent()) {
                        insert(c, key, first.allowanceIfMissing().get(), first.windowIfMissing(), now);
                        row = row(c, key, true);
                    }
                    if (row.isEmpty()) {
                        reserveFromBalanceOnly(c, key, entry.getValue(), requests, results, now);
                        continue;
                    }
                    Row r = row.get();
                    QuotaWindow window = new QuotaWindow(r.windowSeconds());
                    Instant start = window.currentStart(r.windowStart(), now);
                    long used = start.equals(r.windowStart()) ? r.used() : 0;
                    long usedBefore = used;
                    Long balance = null;
                    long balanceTaken = 0;
                    for (int index : entry.getValue()) {
                        long tokens = requests.get(index).tokens();
                        long fromAllowance = Math.min(tokens, Math.max(0, r.total() - used));
                        long fromBalance = tokens - fromAllowance;
                        if (fromBalance > 0) {
                            if (balance == null) {
                                balance = balance(c, key, true);
                            }
                            if (balance - balanceTaken < fromBalance) {
                                continue; // this one cannot be covered; later, smaller ones may still be
                            }
                            balanceTaken += fromBalance;
                        }
                        used += fromAllowance;
                        results.set(index, Optional.of(new Reservation(key, fromAllowance, fromBalance, start)));
                    }
                    if (used != usedBefore || !start.equals(r.windowStart())) {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET used_tokens = ?, "
                                + "window_start = ?, updated_at = ? WHERE owner_kind = ? AND owner_id = ? AND provider = ?")) {
                            ps.setLong(1, used);
                            ps.setTimestamp(2, Timestamp.from(start));
                            ps.setTimestamp(3, Timestamp.from(now));
                            bindKey(ps, 4, key);
                            ps.executeUpdate();
                        }
                    }
                    if (balanceTaken > 0) {
                        addBalance(c, key, -balanceTaken, now);
                    }
                }
                c.commit();
                return results;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * An owner without a quota row (an organisation nobody has given a monthly allowance) has an allowance of 0: it
     * spends only what it bought. Nothing is written when it has no balance, so an unknown owner creates no rows.
     */
    private void reserveFromBalanceOnly(Connection c, QuotaKey key, List<Integer> indexes, List<Request> requests,
                                        List<Optional<Reservation>> results, Instant now) throws SQLException {
        long balance = balance(c, key, true);
        long taken = 0;
        for (int index : indexes) {
            long tokens = requests.get(index).tokens();
            if (balance - taken < tokens) {
                continue; // this one cannot be covered; later, smaller ones may still be
            }
            taken += tokens;
            results.set(index, Optional.of(new Reservation(key, 0, tokens, now)));
        }
        if (taken > 0) {
            addBalance(c, key, -taken, now);
        }
    }

    private static final Comparator<QuotaKey> KEY_ORDER = Comparator.comparing((QuotaKey k) -> k.owner().name())
            .thenComparing(QuotaKey::ownerId).thenComparing(QuotaKey::provider);

    /**
     * Gives back {@code tokens} of a reservation (all of it when the provider failed, the unused part when it
     * counted fewer): the purchased part first, then the allowance, but only into the same window it came from.
     */
    public void release(Reservation reservation, long tokens) throws SQLException {
        long toBalance = Math.min(tokens, reservation.fromBalance());
        long toAllowance = Math.min(tokens - toBalance, reservation.fromAllowance());
        if (toBalance <= 0 && toAllowance <= 0) {
            return;
        }
        QuotaBook b = book;
        if (b != null) {
            if (toBalance <= 0) {
                b.giveBack(reservation, toAllowance); // a journalled delta, like the reservation it returns
                return;
            }
            b.exclusive(() -> {
                releaseInDatabase(reservation, toBalance, toAllowance);
                return null;
            });
            return;
        }
        releaseInDatabase(reservation, toBalance, toAllowance);
    }

    private void releaseInDatabase(Reservation reservation, long toBalance, long toAllowance) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (toAllowance > 0) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET used_tokens = used_tokens - ?, "
                            + "updated_at = ? WHERE owner_kind = ? AND owner_id = ? AND provider = ? AND window_start = ? "
                            + "AND used_tokens >= ?")) {
                        ps.setLong(1, toAllowance);
                        ps.setTimestamp(2, Timestamp.from(now));
                        bindKey(ps, 3, reservation.key());
                        ps.setTimestamp(6, Timestamp.from(reservation.windowStart()));
                        ps.setLong(7, toAllowance);
                        ps.executeUpdate();
                    }
                }
                if (toBalance > 0) {
                    addBalance(c, reservation.key(), toBalance, now);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Charges up to {@code tokens} more to a quota after the fact (a provider counted more than was reserved): what
     * the current window has left first, then the purchased balance, never beyond either, so the quota never goes
     * over its total. Returns what was charged (0..tokens).
     */
    public long chargeUpTo(QuotaKey key, long tokens) throws SQLException {
        if (tokens <= 0) {
            return 0;
        }
        QuotaBook b = book;
        if (b != null) {
            return b.exclusive(() -> chargeInDatabase(key, tokens));
        }
        return chargeInDatabase(key, tokens);
    }

    private long chargeInDatabase(QuotaKey key, long tokens) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long fromAllowance = 0;
                Optional<Row> row = row(c, key, true);
                if (row.isPresent()) {
                    Row r = row.get();
                    Instant start = new QuotaWindow(r.windowSeconds()).currentStart(r.windowStart(), now);
                    long used = start.equals(r.windowStart()) ? r.used() : 0;
                    fromAllowance = Math.min(tokens, Math.max(0, r.total() - used));
                    if (fromAllowance > 0 || !start.equals(r.windowStart())) {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET used_tokens = ?, "
                                + "window_start = ?, updated_at = ? WHERE owner_kind = ? AND owner_id = ? AND provider = ?")) {
                            ps.setLong(1, used + fromAllowance);
                            ps.setTimestamp(2, Timestamp.from(start));
                            ps.setTimestamp(3, Timestamp.from(now));
                            bindKey(ps, 4, key);
                            ps.executeUpdate();
                        }
                    }
                }
                long fromBalance = Math.min(tokens - fromAllowance, balance(c, key, true));
                if (fromBalance > 0) {
                    addBalance(c, key, -fromBalance, now);
                }
                c.commit();
                return fromAllowance + fromBalance;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Adds purchased tokens (negative takes them back; never below zero), inside the caller's transaction. */
    public void addBalance(Connection c, QuotaKey key, long delta, Instant now) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_balance SET balance = balance + ?, updated_at = ? "
                + "WHERE owner_kind = ? AND owner_id = ? AND provider = ? AND balance + ? >= 0")) {
            ps.setLong(1, delta);
            ps.setTimestamp(2, Timestamp.from(now));
            bindKey(ps, 3, key);
            ps.setLong(6, delta);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            if (delta < 0) {
                throw new SQLException("the balance of " + key + " cannot go below zero", "22003");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_balance (balance, updated_at, owner_kind, "
                    + "owner_id, provider) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, delta);
                ps.setTimestamp(2, Timestamp.from(now));
                bindKey(ps, 3, key);
                ps.executeUpdate();
            }
        }
    }

    public long balance(QuotaKey key) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return balance(c, key, false);
        }
    }

    /** The balance, locked for the caller's transaction. */
    public long balanceIn(Connection c, QuotaKey key) throws SQLException {
        return balance(c, key, true);
    }

    private long balance(Connection c, QuotaKey key, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM token_balance WHERE owner_kind = ? AND owner_id = ? "
                + "AND provider = ?" + (lock ? " FOR UPDATE" : ""))) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The row as committed, read without a lock (the book's writer is the only one that changes used tokens). */
    Optional<Row> readRow(Connection c, QuotaKey key) throws SQLException {
        return row(c, key, false);
    }

    private Optional<Row> row(Connection c, QuotaKey key, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT total_tokens, used_tokens, window_seconds, window_start, "
                + "updated_at FROM token_quota WHERE owner_kind = ? AND owner_id = ? AND provider = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant())) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, QuotaKey key, long total, QuotaWindow window, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_quota (owner_kind, owner_id, provider, total_tokens, "
                + "used_tokens, window_seconds, window_start, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)")) {
            bindKey(ps, 1, key);
            ps.setLong(4, total);
            ps.setLong(5, window.seconds());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    private static Quota view(QuotaKey key, Row r, long balance, Instant now) {
        QuotaWindow window = new QuotaWindow(r.windowSeconds());
        Instant start = window.currentStart(r.windowStart(), now);
        long used = start.equals(r.windowStart()) ? r.used() : 0;
        return new Quota(key, r.total(), used, balance, start, window.endOf(start), r.updatedAt());
    }

    static void bindKey(PreparedStatement ps, int from, QuotaKey key) throws SQLException {
        ps.setString(from, key.owner().name());
        ps.setString(from + 1, key.ownerId());
        ps.setString(from + 2, key.provider());
    }
}
