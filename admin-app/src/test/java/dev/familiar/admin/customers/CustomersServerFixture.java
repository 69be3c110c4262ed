package dev.familiar.admin.customers;

import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/**
 * A real embedded server (H2 in a temp folder, dry-run billing) for the Customers tests: organisations signed up
 * through {@code POST /api/signup}, or thousands written straight into its tables, and a client signed in as its
 * administrator through {@link FamiliarServer#inProcessAdminSession()}.
 */
final class CustomersServerFixture implements AutoCloseable {
    final FamiliarServer server;
    final FamiliarClient client;
    private final Path dataDir;

    CustomersServerFixture(Path dataDir) {
        this.dataDir = dataDir;
        this.server = FamiliarServer.start(ServerConfig.embedded(dataDir)
                .withBilling(BillingSettings.dryRun().withSignupsPerMinute(100_000)));
        this.client = FamiliarClient.connect(server.baseUrl(),
                "Bearer " + server.inProcessAdminSession().orElseThrow().token());
    }

    /** A new organisation on starter, the way a customer signs up. */
    String signUp(String name) {
        String email = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".") + "@example.com";
        return client.signup().signUp(name, email).orgId();
    }

    /** Sign-ups on starter pay at once (no trial), so "cancel now" has a paid period to refund. */
    void starterWithoutTrial() {
        CatalogPlan starter = client.catalog().list().stream().filter(p -> p.code().equals("starter")).findFirst()
                .orElseThrow();
        client.catalog().put("starter", new CatalogPlan(null, starter.name(), starter.stripePriceId(),
                starter.currency(), starter.amount(), starter.interval(), 0, starter.tier(), starter.includedUnits(),
                null, null));
    }

    /**
     * {@code count} organisations named "{prefix} 00001"… written in one statement each into the server's own
     * tables (tenant and entitlement, as the server's tenant route writes them): thousands in a second, where
     * sign-ups would take minutes.
     */
    void seed(String prefix, int count) throws SQLException {
        String url = jdbcUrl();
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) "
                    + "SELECT RANDOM_UUID(), ? || ' ' || LPAD(CAST(X AS VARCHAR), 5, '0'), ? FROM SYSTEM_RANGE(1, ?)")) {
                ps.setString(1, prefix);
                ps.setObject(2, now.atOffset(java.time.ZoneOffset.UTC));
                ps.setInt(3, count);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO entitlement (tenant_id, plan_code, status, "
                    + "trial_ends_at, billing_anchor, period_start, period_end, updated_at) "
                    + "SELECT id, 'starter', 'ACTIVE', NULL, ?, ?, ?, ? FROM tenant t WHERE t.name LIKE ? "
                    + "AND NOT EXISTS (SELECT 1 FROM entitlement e WHERE e.tenant_id = t.id)")) {
                var at = now.atOffset(java.time.ZoneOffset.UTC);
                ps.setObject(1, at);
                ps.setObject(2, at);
                ps.setObject(3, at.plusMonths(1));
                ps.setObject(4, at);
                ps.setString(5, prefix + " %");
                ps.executeUpdate();
            }
        }
    }

    /**
     * Sets the organisation's api_call usage of its current period to {@code units}, in the server's counter table
     * (metering would need the organisation's own credentials). Read by a server started after this.
     */
    void setUsage(String orgId, long units) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "sa", "")) {
            Instant anchor;
            try (PreparedStatement ps = c.prepareStatement("SELECT period_start FROM entitlement WHERE tenant_id = ?")) {
                ps.setString(1, orgId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    anchor = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO usage_counter (tenant_id, metric, period_key, used) "
                    + "KEY (tenant_id, metric, period_key) VALUES (?, 'api_call', ?, ?)")) {
                ps.setString(1, orgId);
                ps.setString(2, java.time.format.DateTimeFormatter.ISO_LOCAL_DATE.withZone(java.time.ZoneOffset.UTC)
                        .format(anchor));
                ps.setLong(3, units);
                ps.executeUpdate();
            }
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
