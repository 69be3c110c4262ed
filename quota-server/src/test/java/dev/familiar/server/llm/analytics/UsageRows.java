package dev.familiar.server.llm.analytics;

import dev.familiar.server.llm.analytics.UsageEvent.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/** Test data: usage events written straight into {@code token_usage_event}, for exact datasets. */
final class UsageRows {
    static final String IP = "203.0.113.7";

    private final DataSource dataSource;

    UsageRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** An event of {@code userId} in {@code tenantId} paid by no organisation. */
    void add(String userId, String tenantId, String provider, long tokens, Outcome outcome, Instant at) {
        add(userId, tenantId, null, provider, tokens, outcome, at);
    }

    void add(String userId, String tenantId, String orgId, String provider, long tokens, Outcome outcome, Instant at) {
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO token_usage_event (id, user_id, tenant_id, org_id, "
                     + "provider, tokens, allowed, outcome, request_id, ip_address, occurred_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, userId);
            ps.setString(3, tenantId);
            ps.setString(4, orgId);
            ps.setString(5, provider);
            ps.setLong(6, tokens);
            ps.setBoolean(7, outcome == Outcome.ALLOWED);
            ps.setString(8, outcome.name());
            ps.setString(9, "req-" + id);
            ps.setString(10, IP);
            ps.setTimestamp(11, Timestamp.from(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM token_usage_event")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
