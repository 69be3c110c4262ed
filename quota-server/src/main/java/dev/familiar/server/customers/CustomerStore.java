package dev.familiar.server.customers;

import dev.familiar.server.entitlement.EntitlementStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The read side of the customers page: organisations (tenants with an entitlement) a page at a time, and what the
 * page shows beside them (usage, owners, users). Every page query reads one index range from the cursor on
 * ({@code V9__customers_and_catalog.sql}), so its cost follows the page size, not the number of organisations.
 * Thread-safe.
 */
public final class CustomerStore {
    /** One organisation as the list reads it. {@code sortKey} is the row's value of the page's sort key. */
    public record Row(String orgId, String name, Instant createdAt, String planCode, EntitlementStatus status,
                      Optional<Instant> trialEndsAt, Instant billingAnchor, String sortKey) {
    }

    /** What a page asks for; {@code search} is already classified by {@link Search}. */
    public record PageQuery(Optional<Search> search, Optional<EntitlementStatus> status, Optional<String> plan,
                            CustomerSort sort, Optional<CustomerCursor> after, int limit) {
    }

    /** How the search text is matched: a name prefix, an e-mail prefix (sign-up or owner), or one organisation id. */
    public sealed interface Search {
        record NamePrefix(String lowerCasePrefix) implements Search { }
        record EmailPrefix(String lowerCasePrefix) implements Search { }
        record OrgId(String orgId) implements Search { }
    }

    /** A user of an organisation's tenant. */
    public record UserRow(String id, String username, Optional<String> email, String roles, Instant createdAt) {
    }

    /** The statement a page runs, and its parameters (kept apart so a test can EXPLAIN it). */
    record Statement(String sql, List<Object> parameters) {
    }

    private final DataSource dataSource;

    public CustomerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Up to {@code limit} rows after the cursor, in the sort's order. */
    public List<Row> page(PageQuery query) throws SQLException {
        Statement statement = statementFor(query);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(statement.sql())) {
            bind(ps, statement.parameters());
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs, query.sort()));
                }
            }
            return rows;
        }
    }

    static Statement statementFor(PageQuery query) {
        CustomerSort sort = query.sort();
        StringBuilder sql = new StringBuilder("SELECT t.id, t.name, t.created_at, t.name_key, e.plan_code, e.status, "
                + "e.trial_ends_at, e.billing_anchor FROM tenant t JOIN entitlement e ON e.tenant_id = t.id WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        query.status().ifPresent(s -> {
            sql.append(" AND e.status = ?");
            parameters.add(s.name());
        });
        query.plan().ifPresent(p -> {
            sql.append(" AND e.plan_code = ?");
            parameters.add(p);
        });
        query.search().ifPresent(search -> {
            if (search instanceof Search.NamePrefix name) {
                sql.append(" AND t.name_key LIKE ? ESCAPE '\\'");
                parameters.add(likePrefix(name.lowerCasePrefix()));
            } else if (search instanceof Search.EmailPrefix email) {
                sql.append(" AND t.id IN (SELECT b.tenant_id FROM billing_account b WHERE b.email LIKE ? ESCAPE '\\'"
                        + " UNION SELECT u.tenant_id FROM app_user u WHERE u.email LIKE ? ESCAPE '\\'"
                        + " AND u.roles LIKE '%TENANT_ADMIN%')");
                parameters.add(likePrefix(email.lowerCasePrefix()));
                parameters.add(likePrefix(email.lowerCasePrefix()));
            } else if (search instanceof Search.OrgId id) {
                sql.append(" AND t.id = ?");
                parameters.add(id.orgId());
            }
        });
        String direction = sort.descending() ? " DESC" : "";
        query.after().ifPresent(cursor -> {
            sql.append(" AND (").append(sort.keyColumn()).append(", ").append(sort.idColumn()).append(")")
                    .append(sort.descending() ? " < " : " > ").append("(?, ?)");
            parameters.add(sort.timeKey() ? Timestamp.from(Instant.parse(cursor.key())) : cursor.key());
            parameters.add(cursor.orgId());
        });
        sql.append(" ORDER BY ").append(sort.keyColumn()).append(direction).append(", ").append(sort.idColumn())
                .append(direction).append(" LIMIT ?");
        parameters.add(query.limit());
        return new Statement(sql.toString(), parameters);
    }

    /** Units used per organisation in the given period of {@code metric}: {@code periodKeys} maps org id to its key. */
    public Map<String, Long> used(String metric, Map<String, String> periodKeys) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        if (periodKeys.isEmpty()) {
            return out;
        }
        String sql = "SELECT tenant_id, period_key, used FROM usage_counter WHERE metric = ? AND tenant_id IN ("
                + placeholders(periodKeys.size()) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, metric);
            int i = 2;
            for (String org : periodKeys.keySet()) {
                ps.setString(i++, org);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2).equals(periodKeys.get(rs.getString(1)))) {
                        out.put(rs.getString(1), rs.getLong(3));
                    }
                }
            }
        }
        return out;
    }

    /** The owner of each organisation: its earliest TENANT_ADMIN's e-mail, or username when it has none. */
    public Map<String, String> ownerEmails(Collection<String> orgIds) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (orgIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT tenant_id, username, email FROM app_user WHERE tenant_id IN (" + placeholders(orgIds.size())
                + ") AND roles LIKE '%TENANT_ADMIN%' ORDER BY created_at, id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String org : orgIds) {
                ps.setString(i++, org);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String email = rs.getString(3);
                    out.putIfAbsent(rs.getString(1), email != null ? email : rs.getString(2));
                }
            }
        }
        return out;
    }

    /** One organisation's row (for the detail page); empty when the tenant has no entitlement. */
    public Optional<Row> find(String orgId) throws SQLException {
        List<Row> rows = page(new PageQuery(Optional.of(new Search.OrgId(orgId)), Optional.empty(), Optional.empty(),
                CustomerSort.DEFAULT, Optional.empty(), 1));
        return rows.stream().findFirst();
    }

    /** The first {@code limit} users of the tenant, oldest first. */
    public List<UserRow> users(String tenantId, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, username, email, roles, created_at FROM app_user WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?")) {
            ps.setString(1, tenantId);
            ps.setInt(2, limit);
            List<UserRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UserRow(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                            rs.getString(4), rs.getTimestamp(5).toInstant()));
                }
            }
            return out;
        }
    }

    public long userCount(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user WHERE tenant_id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Row read(ResultSet rs, CustomerSort sort) throws SQLException {
        Instant created = rs.getTimestamp("created_at").toInstant();
        String key = switch (sort) {
            case NAME, NAME_DESC -> rs.getString("name_key");
            case CREATED, CREATED_DESC -> created.toString();
            case PLAN -> rs.getString("plan_code");
            case STATUS -> rs.getString("status");
        };
        Timestamp trial = rs.getTimestamp("trial_ends_at");
        return new Row(rs.getString("id"), rs.getString("name"), created, rs.getString("plan_code"),
                EntitlementStatus.valueOf(rs.getString("status")), Optional.ofNullable(trial).map(Timestamp::toInstant),
                rs.getTimestamp("billing_anchor").toInstant(), key);
    }

    static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Timestamp t) {
                ps.setTimestamp(i + 1, t);
            } else if (value instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) value);
            }
        }
    }

    /** {@code prefix%} with LIKE's wildcards and the escape character escaped. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
