package dev.familiar.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: who (actor), in which tenant, did what (action) to what (target), with which outcome,
 * from where (request id, client address) and when. Entries are written in their own transaction, or in the
 * caller's when it passes its connection, so an audited change and its entry commit together.
 */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final DataSource dataSource;
    private final Clock clock;

    public AuditLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Writes one entry; a failure to audit is logged and does not fail the caller's request. */
    public void record(AuditEntry entry) {
        try (Connection c = dataSource.getConnection()) {
            record(c, entry);
        } catch (SQLException e) {
            LOG.error("Cannot write audit entry {} {}", entry.action(), entry.target(), e);
        }
    }

    /** Writes one entry on the caller's connection (inside its transaction). */
    public void record(Connection c, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (id, tenant_id, actor, action, target, "
                + "outcome, request_id, client_address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, entry.tenantId());
            ps.setString(3, truncate(entry.actor(), 100));
            ps.setString(4, entry.action());
            ps.setString(5, truncate(entry.target(), 200));
            ps.setString(6, entry.outcome().name());
            ps.setString(7, entry.requestId());
            ps.setString(8, truncate(entry.clientAddress(), 64));
            ps.setTimestamp(9, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
