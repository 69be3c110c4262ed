package dev.familiar.admin.audit;

import dev.familiar.model.audit.AuditEntryView;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * A real embedded server (H2 in a temp folder) for the Audit log tests, a client signed in as its administrator, and
 * audit entries written straight into its {@code audit_log} table (as {@code AuditLog} writes them).
 */
final class AuditServerFixture implements AutoCloseable {
    final FamiliarServer server;
    final FamiliarClient client;
    private final Path dataDir;

    AuditServerFixture(Path dataDir) {
        this.dataDir = dataDir;
        this.server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        this.client = FamiliarClient.connect(server.baseUrl(),
                "Bearer " + server.inProcessAdminSession().orElseThrow().token());
    }

    void insert(List<AuditEntryView> entries) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "sa", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (id, tenant_id, actor, action, target, "
                     + "outcome, request_id, client_address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEntryView e : entries) {
                ps.setString(1, e.id());
                ps.setString(2, e.tenantId());
                ps.setString(3, e.actor());
                ps.setString(4, e.action());
                ps.setString(5, e.target());
                ps.setString(6, e.outcome());
                ps.setString(7, e.requestId());
                ps.setString(8, e.clientAddress());
                ps.setTimestamp(9, Timestamp.from(e.at()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private String jdbcUrl() {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("familiar").toString().replace('\\', '/')
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
