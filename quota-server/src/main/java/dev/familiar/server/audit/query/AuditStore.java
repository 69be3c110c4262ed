package dev.familiar.server.audit.query;

import dev.familiar.model.audit.AuditEntryView;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The read side of the audit log ({@code audit_log}, written by {@link dev.familiar.server.audit.AuditLog}): keyset
 * pages newest first and a streamed export of the same filter. Every filter is one index range
 * ({@code V17__audit_log_query_indexes.sql}), read from the cursor on. Thread-safe.
 */
public final class AuditStore {
    /** Rows the export asks the driver for at a time: memory follows this, not the size of the export. */
    static final int EXPORT_FETCH_SIZE = 500;

    /** One page and, when more entries match, the cursor of the next. */
    public record Page(List<AuditEntryView> items, AuditCursor next) {
    }

    /** Receives the export's entries one at a time, in order; may throw when the client has gone. */
    @FunctionalInterface
    public interface RowSink {
        void accept(AuditEntryView entry) throws IOException;
    }

    /** The statement a read runs, and its parameters (kept apart so a test can EXPLAIN it). */
    record Statement(String sql, List<Object> parameters) {
    }

    private final DataSource dataSource;

    public AuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code query.limit()} entries after the cursor, newest first. */
    public Page page(AuditQuery query) throws SQLException {
        Statement statement = statementFor(query, true);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement.sql())) {
            bind(ps, statement.parameters());
            List<AuditEntryView> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            if (rows.size() <= query.limit()) {
                return new Page(rows, null);
            }
            List<AuditEntryView> items = rows.subList(0, query.limit());
            AuditEntryView last = items.get(items.size() - 1);
            return new Page(List.copyOf(items), new AuditCursor(last.at(), last.id()));
        }
    }

    /**
     * Every entry the query matches, newest first, handed to {@code sink} as the driver reads them ({@link
     * #EXPORT_FETCH_SIZE} rows at a time; on PostgreSQL that needs a transaction, hence auto-commit off). Answers the
     * number of entries.
     */
    public long export(AuditQuery query, RowSink sink) throws SQLException, IOException {
        Statement statement = statementFor(query, false);
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(statement.sql(), ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(EXPORT_FETCH_SIZE);
                bind(ps, statement.parameters());
                long count = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(read(rs));
                        count++;
                    }
                }
                return count;
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        }
    }

    static Statement statementFor(AuditQuery query, boolean paged) {
        StringBuilder sql = new StringBuilder("SELECT id, created_at, tenant_id, actor, action, target, outcome, "
                + "request_id, client_address FROM audit_log WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        query.tenantId().ifPresent(t -> {
            sql.append(" AND tenant_id = ?");
            parameters.add(t);
        });
        query.actor().ifPresent(a -> {
            sql.append(" AND actor = ?");
            parameters.add(a);
        });
        query.action().ifPresent(a -> {
            if (query.actionIsPrefix()) {
                sql.append(" AND action LIKE ? ESCAPE '\\'");
                parameters.add(likePrefix(a));
            } else {
                sql.append(" AND action = ?");
                parameters.add(a);
            }
        });
        query.from().ifPresent(f -> {
            sql.append(" AND created_at >= ?");
            parameters.add(Timestamp.from(f));
        });
        query.to().ifPresent(t -> {
            sql.append(" AND created_at < ?");
            parameters.add(Timestamp.from(t));
        });
        if (paged) {
            query.after().ifPresent(cursor -> {
                sql.append(" AND (created_at, id) < (?, ?)");
                parameters.add(Timestamp.from(cursor.at()));
                parameters.add(cursor.id());
            });
        }
        sql.append(" ORDER BY created_at DESC, id DESC");
        if (paged) {
            // One more than the page: whether it exists decides if there is a next page.
            sql.append(" LIMIT ?");
            parameters.add(query.limit() + 1);
        }
        return new Statement(sql.toString(), parameters);
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            if (p instanceof Timestamp t) {
                ps.setTimestamp(i + 1, t);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private static AuditEntryView read(ResultSet rs) throws SQLException {
        return new AuditEntryView(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }
}
