package dev.familiar.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.testing.CapturedLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class AdminBootstrapTest {
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @TempDir
    Path tempDir;

    @Test
    void aConfiguredAdministratorIsCreatedWithAHashOfTheGivenPassword() throws Exception {
        ServerConfig config = TestServers.config(tempDir);
        try (Database db = Database.open(config)) {
            List<String> console = new ArrayList<>();
            Optional<String> created = new AdminBootstrap(db.dataSource(), hasher, Clock.systemUTC(), console::add)
                    .seedIfEmpty(Optional.of("Ops-Admin"), Optional.of("a-long-enough-password"));

            assertThat(created).contains("ops-admin");
            assertThat(console).isEmpty();
            String[] row = adminRow(db, "ops-admin");
            assertThat(row[0]).isEqualTo("ADMIN");
            assertThat(row[1]).doesNotContain("a-long-enough-password");
            assertThat(hasher.verify("a-long-enough-password".toCharArray(), row[1])).isTrue();
            assertThat(row[2]).isEqualTo("false");
        }
    }

    @Test
    void withoutConfigurationAOneTimePasswordGoesToTheConsoleOnlyAndMustBeChanged() throws Exception {
        ServerConfig config = TestServers.config(tempDir);
        try (Database db = Database.open(config); CapturedLog log = new CapturedLog()) {
            List<String> console = new ArrayList<>();
            new AdminBootstrap(db.dataSource(), hasher, Clock.systemUTC(), console::add)
                    .seedIfEmpty(Optional.empty(), Optional.empty());

            assertThat(console).hasSize(1);
            Matcher m = Pattern.compile("one-time password: (\\S+)").matcher(console.get(0));
            assertThat(m.find()).isTrue();
            String password = m.group(1);
            assertThat(password).hasSize(20);
            assertThat(log.text()).contains("one-time password").doesNotContain(password);
            String[] row = adminRow(db, "admin");
            assertThat(hasher.verify(password.toCharArray(), row[1])).isTrue();
            assertThat(row[2]).isEqualTo("true");
        }
    }

    @Test
    void aSecondStartDoesNotCreateAnotherAdministrator() throws Exception {
        ServerConfig config = TestServers.config(tempDir);
        try (Database db = Database.open(config)) {
            AdminBootstrap bootstrap = new AdminBootstrap(db.dataSource(), hasher, Clock.systemUTC(), s -> { });
            bootstrap.seedIfEmpty(Optional.of("first"), Optional.of("first-password-123"));

            Optional<String> second = bootstrap.seedIfEmpty(Optional.of("second"), Optional.of("second-password-123"));

            assertThat(second).isEmpty();
            assertThat(countUsers(db)).isEqualTo(1);
        }
    }

    @Test
    void aTenantAdminIsNotMistakenForAPlatformAdministrator() throws Exception {
        ServerConfig config = TestServers.config(tempDir);
        try (Database db = Database.open(config); Connection c = db.dataSource().getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenant (id, name, created_at) VALUES ('t-acme', 'Acme', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO app_user (id, tenant_id, username, password_hash, roles, created_at) "
                    + "VALUES ('u-acme', 't-acme', 'acme-admin', 'h', 'TENANT_ADMIN,USER', CURRENT_TIMESTAMP)");

            Optional<String> created = new AdminBootstrap(db.dataSource(), hasher, Clock.systemUTC(), x -> { })
                    .seedIfEmpty(Optional.of("platform"), Optional.of("platform-password-1"));

            assertThat(created).contains("platform");
        }
    }

    private static String[] adminRow(Database db, String username) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT roles, password_hash, must_change_password, tenant_id FROM app_user WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("user %s exists", username).isTrue();
                assertThat(rs.getString(4)).isEqualTo(AdminBootstrap.PLATFORM_TENANT_ID);
                return new String[] {rs.getString(1), rs.getString(2), Boolean.toString(rs.getBoolean(3))};
            }
        }
    }

    private static long countUsers(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
