package dev.familiar.server.llm.purchase;

import dev.familiar.model.purchases.PurchaseStep;
import dev.familiar.model.purchases.PurchaseSummary;
import dev.familiar.server.http.KeysetCursor;
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

/**
 * The administrators' reads of purchase sagas ({@code token_purchase}) and their step log
 * ({@code token_purchase_step}): keyset pages newest created first ({@code created_at DESC, saga_id DESC}) over the
 * V20 indexes. Thread-safe.
 */
public final class PurchaseQueries {
    /** {@code status}: a saga state or {@link #PROBLEM} (FAILED or compensated). */
    public static final String PROBLEM = "PROBLEM";

    /** The checked filter; every part optional. */
    public record Filter(Optional<String> status, Optional<String> orgId, Optional<Instant> from, Optional<Instant> to) {
        public static Filter all() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** One page and the key of its last row when more rows follow. */
    public record Page(List<PurchaseSummary> items, Optional<KeysetCursor> next) {
    }

    private final DataSource dataSource;

    public PurchaseQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page page(Filter filter, Optional<KeysetCursor> after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM token_purchase WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.status().ifPresent(s -> {
            if (s.equals(PROBLEM)) {
                sql.append(" AND (status = 'FAILED' OR compensated = TRUE)");
            } else {
                sql.append(" AND status = ?");
                args.add(s);
            }
        });
        filter.orgId().ifPresent(o -> {
            sql.append(" AND org_id = ?");
            args.add(o);
        });
        filter.from().ifPresent(f -> {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(f));
        });
        filter.to().ifPresent(t -> {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(t));
        });
        after.ifPresent(c -> {
            sql.append(" AND (created_at < ? OR (created_at = ? AND saga_id < ?))");
            args.add(Timestamp.from(c.at()));
            args.add(Timestamp.from(c.at()));
            args.add(c.id());
        });
        sql.append(" ORDER BY created_at DESC, saga_id DESC LIMIT ?");
        args.add(limit + 1);
        List<PurchaseSummary> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
        }
        if (rows.size() <= limit) {
            return new Page(rows, Optional.empty());
        }
        List<PurchaseSummary> page = List.copyOf(rows.subList(0, limit));
        PurchaseSummary last = page.get(limit - 1);
        return new Page(page, Optional.of(new KeysetCursor(last.createdAt(), last.sagaId())));
    }

    public Optional<PurchaseSummary> find(String sagaId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM token_purchase WHERE saga_id = ?")) {
            ps.setString(1, sagaId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The saga's steps, oldest first; empty for sagas started before the step log existed (V20). */
    public List<PurchaseStep> steps(String sagaId) throws SQLException {
        List<PurchaseStep> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT at, step, outcome, detail FROM token_purchase_step "
                     + "WHERE saga_id = ? ORDER BY seq")) {
            ps.setString(1, sagaId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PurchaseStep(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return out;
    }

    private static PurchaseSummary read(ResultSet rs) throws SQLException {
        return new PurchaseSummary(rs.getString("saga_id"), rs.getString("user_id"), rs.getString("tenant_id"),
                rs.getString("org_id"), rs.getString("provider"), rs.getLong("tokens"), rs.getLong("amount"),
                rs.getString("currency"), rs.getString("status"), rs.getBoolean("compensated"), rs.getString("error"),
                rs.getString("payment_id"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /**
     * How many sagas are in each state but COMPLETED now (0 for a state with none), for the operations gauges: one
     * count per state over the {@code (status, …)} indexes. COMPLETED is left out because it is the one state that
     * grows with every purchase, and no alert needs it.
     */
    public java.util.Map<Purchase.Status, Long> countUnfinishedOrFailed() throws SQLException {
        java.util.Map<Purchase.Status, Long> counts = new java.util.EnumMap<>(Purchase.Status.class);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM token_purchase WHERE status = ?")) {
            for (Purchase.Status status : Purchase.Status.values()) {
                if (status == Purchase.Status.COMPLETED) {
                    continue;
                }
                ps.setString(1, status.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counts.put(status, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
