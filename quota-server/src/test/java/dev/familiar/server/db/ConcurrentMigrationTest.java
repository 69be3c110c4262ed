package dev.familiar.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several servers started at once on one empty database (an upgrade's rolling restart, or a fresh team) each run
 * Flyway at start: they must all come up, and every migration must be applied exactly once. On PostgreSQL Flyway
 * serialises them with an advisory lock (what docs/OPERATIONS.md tells operators); on H2 the servers of this JVM share
 * the file's database and its locks.
 */
@Tag("storage")
class ConcurrentMigrationTest {
    @TempDir
    Path tempDir;

    @Test
    void serversStartingTogetherOnAnEmptyDatabaseApplyEachMigrationOnce() throws Exception {
        TestBackend.DatabaseTarget empty = TestBackend.newEmptyDatabase(tempDir);
        ServerConfig config = TestServers.config(tempDir).withDatabase(empty.url(), empty.user(), empty.password());
        int servers = 3;
        ExecutorService pool = Executors.newFixedThreadPool(servers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Database>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return Database.open(config);
                }));
            }
            go.countDown();
            List<Database> databases = new ArrayList<>();
            for (Future<Database> f : opened) {
                databases.add(f.get(120, TimeUnit.SECONDS)); // throws if any server's migration failed
            }
            try (Connection c = databases.get(0).dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT \"version\", COUNT(*) FROM \"flyway_schema_history\" "
                         + "WHERE \"type\" = 'SQL' GROUP BY \"version\" HAVING COUNT(*) > 1")) {
                assertThat(rs.next()).as("a migration recorded twice").isFalse();
            }
            try (Connection c = databases.get(0).dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL' "
                         + "AND \"success\" = TRUE")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(migrationFiles());
            }
            databases.forEach(Database::close);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long migrationFiles() throws Exception {
        String vendor = TestBackend.kind() == TestBackend.Kind.POSTGRES ? "postgresql" : "h2";
        long count = 0;
        for (String folder : new String[] {"common", vendor}) {
            try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration", folder))) {
                count += files.filter(f -> f.getFileName().toString().matches("V\\d+(_\\d+)*__.*\\.sql")).count();
            }
        }
        return count;
    }
}
