package dev.familiar.server.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/** Writes exact data sets straight into the tables the dashboards read (token and metered events, orgs, users). */
final class DashboardDataSet {
    private final DataSource ds;

    DashboardDataSet(DataSource ds) {
        this.ds = ds;
    }

    void tenant(String id, String name) throws SQLException {
        exec("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)", id, name, Timestamp.from(Instant.EPOCH));
    }

    void user(String id, String tenantId, String username) throws SQLException {
        exec("INSERT INTO app_user (id, tenant_id, username, password_hash, roles, created_at) VALUES (?, ?, ?, 'x', 'USER', ?)",
                id, tenantId, username, Timestamp.from(Instant.EPOCH));
    }

    /** One token attempt; {@code org} may be null (then the tenant is the organisation). */
    void token(String user, String tenant, String org, String provider, long tokens, String outcome, String purpose,
               String at) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO token_usage_event "
                + "(id, user_id, tenant_id, org_id, provider, tokens, allowed, outcome, occurred_at, purpose) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, user);
            ps.setString(3, tenant);
            ps.setString(4, org);
            ps.setString(5, provider);
            ps.setLong(6, tokens);
            ps.setBoolean(7, outcome.equals("ALLOWED"));
            ps.setString(8, outcome);
            ps.setTimestamp(9, Timestamp.from(Instant.parse(at)));
            ps.setString(10, purpose);
            ps.executeUpdate();
        }
    }

    /** An allowed product attempt. */
    void allowed(String user, String org, String provider, long tokens, String at) throws SQLException {
        token(user, org, null, provider, tokens, "ALLOWED", "PRODUCT", at);
    }

    /** One metered event of {@code org}, occurred at {@code at}, received at {@code receivedAt}. */
    void usage(String org, String metric, long amount, String at, Instant receivedAt) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO usage_event "
                + "(tenant_id, request_id, metric, amount, occurred_at, received_at, period_key, kind, payload_hash, "
                + "response_status, response_body) VALUES (?, ?, ?, ?, ?, ?, '2026-03-01', 'RECORD', 'h', 200, '{}')")) {
            ps.setString(1, org);
            ps.setString(2, UUID.randomUUID().toString());
            ps.setString(3, metric);
            ps.setLong(4, amount);
            ps.setTimestamp(5, Timestamp.from(Instant.parse(at)));
            ps.setTimestamp(6, Timestamp.from(receivedAt));
            ps.executeUpdate();
        }
    }

    private void exec(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
