package dev.familiar.server.testing;

import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import redis.embedded.RedisServer;

/**
 * The storage the tests run on, chosen by the system property {@code familiar.test.backend}:
 * {@code h2} (default) or {@code postgres} (PostgreSQL + Redis). PostgreSQL and Redis are the servers named by
 * {@code FAMILIAR_TEST_PG_URL} (+ {@code _USER}, {@code _PASSWORD}) and {@code FAMILIAR_TEST_REDIS_URL} when
 * set (CI), otherwise real servers these tests start themselves (zonky embedded PostgreSQL, the Redis binary
 * of embedded-redis). A server that cannot be reached or started fails the test: nothing is skipped.
 */
public final class TestBackend {
    public enum Kind { H2, POSTGRES }

    /** Where a test database lives. */
    public record DatabaseTarget(String url, String user, String password) {
    }

    private static EmbeddedPostgres embeddedPostgres;
    private static RedisServer embeddedRedis;
    private static String redisUrl;
    private static Path h2Template;
    private static String postgresTemplate;

    private TestBackend() {
    }

    public static Kind kind() {
        String value = System.getProperty("familiar.test.backend", "h2").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "h2" -> Kind.H2;
            case "postgres", "postgresql" -> Kind.POSTGRES;
            default -> throw new IllegalStateException("familiar.test.backend must be h2 or postgres, not " + value);
        };
    }

    /**
     * A fresh database for one test server, already migrated: a copy of a template this JVM migrated once with
     * {@link Database#open} (H2: the template's file copied; PostgreSQL: {@code CREATE DATABASE ... TEMPLATE}), so
     * each server's Flyway only validates. {@link #newEmptyDatabase} for tests of the migrations themselves.
     */
    public static DatabaseTarget newDatabase(Path tempDir) {
        if (kind() == Kind.H2) {
            Path template = h2Template();
            String name = "db-" + shortId();
            try {
                Files.copy(template, tempDir.toAbsolutePath().resolve(name + ".mv.db"));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot copy the migrated H2 template: " + e.getMessage(), e);
            }
            return h2(tempDir, name);
        }
        return newPostgresDatabase(postgresTemplate());
    }

    /** A fresh, empty (unmigrated) database on the selected backend. */
    public static DatabaseTarget newEmptyDatabase(Path tempDir) {
        return kind() == Kind.H2 ? h2(tempDir, "db-" + shortId()) : newPostgresDatabase();
    }

    private static DatabaseTarget h2(Path dir, String name) {
        return new DatabaseTarget("jdbc:h2:file:" + dir.toAbsolutePath().resolve(name)
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    /** The {@code .mv.db} file of an H2 database this JVM migrated once (closed, so copies of it are consistent). */
    private static synchronized Path h2Template() {
        if (h2Template == null) {
            try {
                Path dir = Files.createTempDirectory("familiar-h2-template");
                dir.toFile().deleteOnExit();
                DatabaseTarget target = h2(dir, "template");
                migrate(dir, target);
                try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password());
                     Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN COMPACT");
                }
                h2Template = dir.resolve("template.mv.db");
                h2Template.toFile().deleteOnExit();
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("Cannot create the migrated H2 template: " + e.getMessage(), e);
            }
        }
        return h2Template;
    }

    /** The name of a PostgreSQL database this JVM migrated once, only ever used as a template. */
    private static synchronized String postgresTemplate() {
        if (postgresTemplate == null) {
            DatabaseTarget target = newPostgresDatabase();
            try {
                migrate(Files.createTempDirectory("familiar-pg-template"), target);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            postgresTemplate = target.url().substring(target.url().lastIndexOf('/') + 1).replaceAll("\\?.*$", "");
        }
        return postgresTemplate;
    }

    private static void migrate(Path dataDir, DatabaseTarget target) {
        ServerConfig config = ServerConfig.embedded(dataDir).withDatabase(target.url(), target.user(), target.password());
        Database.open(config).close();
    }

    /**
     * Redis for the postgres backend, emptied first so each test server starts from a clean slate (login
     * throttling counts failures per client address, and every test calls from 127.0.0.1); empty on H2
     * (embedded mode runs without Redis).
     */
    public static Optional<String> redis() {
        if (kind() != Kind.POSTGRES) {
            return Optional.empty();
        }
        String url = sharedRedisUrl();
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
        try (var connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
        return Optional.of(url);
    }

    /** A PostgreSQL database whatever the backend (for tests that are about PostgreSQL itself). */
    public static DatabaseTarget newPostgresDatabase() {
        return newPostgresDatabase(null);
    }

    /** A new PostgreSQL database, empty or a copy of {@code template} (null: empty). */
    private static synchronized DatabaseTarget newPostgresDatabase(String template) {
        String externalUrl = System.getenv("FAMILIAR_TEST_PG_URL");
        String baseUrl;
        String user;
        String password;
        if (externalUrl != null && !externalUrl.isBlank()) {
            baseUrl = externalUrl;
            user = envOr("FAMILIAR_TEST_PG_USER", "postgres");
            password = envOr("FAMILIAR_TEST_PG_PASSWORD", "");
        } else {
            EmbeddedPostgres pg = embeddedPostgres();
            baseUrl = pg.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        }
        String name = "t_" + shortId();
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            createDatabase(s, name, template);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on PostgreSQL at " + baseUrl
                    + " (set FAMILIAR_TEST_PG_URL or let the tests start one): " + e.getMessage(), e);
        }
        return new DatabaseTarget(replaceDatabase(baseUrl, name), user, password);
    }

    private static void createDatabase(Statement s, String name, String template) throws SQLException {
        if (template == null) {
            s.execute("CREATE DATABASE " + name);
            return;
        }
        // the template's last (migration) session may still be ending: PostgreSQL refuses a template in use (55006)
        for (int attempt = 1; ; attempt++) {
            try {
                s.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
                return;
            } catch (SQLException e) {
                if (!"55006".equals(e.getSQLState()) || attempt == 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A Redis URL whatever the backend: the external one, or a real Redis the tests start once. */
    public static synchronized String sharedRedisUrl() {
        String external = System.getenv("FAMILIAR_TEST_REDIS_URL");
        if (external != null && !external.isBlank()) {
            return external;
        }
        if (redisUrl == null) {
            int port = freePort();
            embeddedRedis = startRedis(port);
            redisUrl = "redis://127.0.0.1:" + port;
        }
        return redisUrl;
    }

    /** A Redis server of the test's own (to stop it mid-test); the caller stops it. */
    public static RedisServer startRedis(int port) {
        try {
            RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(port)
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the embedded Redis server: " + e.getMessage(), e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EmbeddedPostgres embeddedPostgres() {
        if (embeddedPostgres == null) {
            try {
                Path work = Files.createTempDirectory("familiar-embedded-pg");
                embeddedPostgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(work.toFile())
                        .setDataDirectory(work.resolve("data"))
                        .setCleanDataDirectory(true)
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
        return embeddedPostgres;
    }

    private static String replaceDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?');
        String prefix = slash < 0 ? url : url.substring(0, slash);
        String suffix = query < 0 ? "" : url.substring(query);
        return prefix + "/" + database + suffix;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
