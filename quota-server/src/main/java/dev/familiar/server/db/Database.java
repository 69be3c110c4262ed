package dev.familiar.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.familiar.server.config.ServerConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The system of record: a HikariCP pool over H2 (embedded) or PostgreSQL (shared), migrated by
 * Flyway on open. Thread-safe.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final DatabaseKind kind;

    private Database(HikariDataSource dataSource, DatabaseKind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
    }

    /** Opens the pool and applies pending migrations. */
    public static Database open(ServerConfig config) {
        DatabaseKind kind = DatabaseKind.of(config.dbUrl());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("familiar-db");
        hikari.setJdbcUrl(config.dbUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(kind == DatabaseKind.H2 ? 8 : 16);
        hikari.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        hikari.setInitializationFailTimeout(Duration.ofSeconds(15).toMillis());
        hikari.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + kind.folder())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, kind);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseKind kind() {
        return kind;
    }

    /** A round trip to the database within {@code timeout}; throws when it does not answer. */
    public void ping(Duration timeout) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            s.execute("SELECT 1");
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
