package dev.familiar.server.testing;

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

    /** A fresh, empty database for one test server. */
    public static DatabaseTarget newDatabase(Path tempDir) {
        if (kind() == Kind.H2) {
            return new DatabaseTarget("jdbc:h2:file:" + tempDir.toAbsolutePath().resolve("db-" + shortId())
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        }
        return newPostgresDatabase();
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
    public static synchronized DatabaseTarget newPostgresDatabase() {
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
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on PostgreSQL at " + baseUrl
                    + " (set FAMILIAR_TEST_PG_URL or let the tests start one): " + e.getMessage(), e);
        }
        return new DatabaseTarget(replaceDatabase(baseUrl, name), user, password);
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
