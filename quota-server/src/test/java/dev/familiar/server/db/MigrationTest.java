package dev.familiar.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class MigrationTest {
    @TempDir
    Path tempDir;

    @Test
    void migrationsApplyOnTheSelectedDatabaseAndAreIdempotent() throws Exception {
        // an empty database (test servers start on a copy of one migrated template: TestBackend.newDatabase)
        TestBackend.DatabaseTarget empty = TestBackend.newEmptyDatabase(tempDir);
        ServerConfig config = TestServers.config(tempDir).withDatabase(empty.url(), empty.user(), empty.password());
        try (Database first = Database.open(config)) {
            DatabaseKind expected = TestBackend.kind() == TestBackend.Kind.POSTGRES ? DatabaseKind.POSTGRES : DatabaseKind.H2;
            assertThat(first.kind()).isEqualTo(expected);
            assertThat(appliedMigrations(first)).isEqualTo(countMigrationFiles());
        }
        try (Database again = Database.open(config)) {
            assertThat(appliedMigrations(again)).as("no migration runs twice").isEqualTo(countMigrationFiles());
        }
    }

    @Test
    void usernamesAreUnique() throws Exception {
        try (Database db = Database.open(TestServers.config(tempDir)); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenant (id, name, created_at) VALUES ('t1', 'T', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO app_user (id, tenant_id, username, password_hash, roles, created_at) "
                    + "VALUES ('u1', 't1', 'same', 'h', 'USER', CURRENT_TIMESTAMP)");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(
                    "INSERT INTO app_user (id, tenant_id, username, password_hash, roles, created_at) "
                            + "VALUES ('u2', 't1', 'same', 'h', 'USER', CURRENT_TIMESTAMP)"))
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    private static int appliedMigrations(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE AND \"type\" = 'SQL'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long countMigrationFiles() throws Exception {
        long count = 0;
        for (String folder : new String[] {"common", "h2", "postgresql"}) {
            Path dir = Path.of("src/main/resources/db/migration", folder);
            if (java.nio.file.Files.isDirectory(dir)) {
                try (var files = java.nio.file.Files.list(dir)) {
                    String vendor = TestBackend.kind() == TestBackend.Kind.POSTGRES ? "postgresql" : "h2";
                    if (folder.equals("common") || folder.equals(vendor)) {
                        count += files.filter(f -> f.getFileName().toString().matches("V\\d+(_\\d+)*__.*\\.sql")).count();
                    }
                }
            }
        }
        return count;
    }
}
