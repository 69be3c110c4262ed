package dev.familiar.server;

import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point for running a quota-server inside another program (the admin console, tests)
 * or from {@link Main}. {@link #start(ServerConfig)} returns once the server answers on its port.
 * Thread-safe; {@link #stop()} may be called more than once.
 */
public final class FamiliarServer implements AutoCloseable {
    private final ServerRuntime runtime;

    private FamiliarServer(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts a server: opens and migrates the database, connects Redis when configured, binds HTTP. */
    public static FamiliarServer start(ServerConfig config) {
        return new FamiliarServer(ServerRuntime.start(config, List.of(), Clock.systemUTC()));
    }

    /** As {@link #start(ServerConfig)}, with extra routes (used by tests to exercise the HTTP pipeline). */
    static FamiliarServer start(ServerConfig config, List<RouteModule> extraRoutes) {
        return new FamiliarServer(ServerRuntime.start(config, extraRoutes, Clock.systemUTC()));
    }

    /** As {@link #start(ServerConfig, List)}, on a clock tests can step (expiry, windows). */
    static FamiliarServer start(ServerConfig config, List<RouteModule> extraRoutes, Clock clock) {
        return new FamiliarServer(ServerRuntime.start(config, extraRoutes, clock));
    }

    /** As {@link #start(ServerConfig, List, Clock)}, with a directory and role mappings of the test's own. */
    static FamiliarServer start(ServerConfig config, List<RouteModule> extraRoutes, Clock clock,
                                dev.familiar.server.directory.Directory directory,
                                dev.familiar.server.directory.GroupRoles groupRoles) {
        return new FamiliarServer(ServerRuntime.start(config, extraRoutes, clock,
                new ServerRuntime.Overrides(Optional.of(directory), Optional.of(groupRoles))));
    }

    /** As {@link #start(ServerConfig, List, Clock)}, with test seams ({@link ServerRuntime.Overrides}). */
    static FamiliarServer start(ServerConfig config, List<RouteModule> extraRoutes, Clock clock,
                                ServerRuntime.Overrides overrides) {
        return new FamiliarServer(ServerRuntime.start(config, extraRoutes, clock, overrides));
    }

    /** The bound port (useful when the configuration asked for port 0). */
    public int port() {
        return runtime.port();
    }

    /** {@code http://host:port} as a client on this machine would call it. */
    public String baseUrl() {
        return runtime.baseUrl();
    }

    public String version() {
        return BuildInfo.current().version();
    }

    /** The routes this server answers (tests compare them with the OpenAPI document). */
    RouteTable routes() {
        return runtime.routes();
    }

    /**
     * When this start created the first administrator with a generated password: the notice (username and
     * one-time password) that was printed to stdout, so an embedding program without a terminal (the console)
     * can show it once. Empty on every later start.
     */
    public Optional<String> oneTimeAdminNotice() {
        return runtime.oneTimeAdminNotice();
    }

    /**
     * For a program that runs this server in its own process (the admin console): a fresh access token of the
     * platform's first administrator who can sign in, without a password; empty when there is none (all locked).
     * Not reachable over HTTP. Audited. The token is a secret: keep it in memory, never log it.
     */
    public Optional<AdminSession> inProcessAdminSession() {
        try {
            return runtime.adminSessions().issue()
                    .map(s -> new AdminSession(s.userId(), s.username(), s.token(), s.expiresAt()));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("The database did not answer: " + e.getMessage(), e);
        }
    }

    /** An administrator's session handed to the embedding program; the token is a secret (not in toString). */
    public record AdminSession(String userId, String username, String token, java.time.Instant expiresAt) {
        @Override
        public String toString() {
            return "AdminSession[" + username + ", expires " + expiresAt + "]";
        }
    }

    public ServerConfig config() {
        return runtime.config();
    }

    /**
     * Stops gracefully: refuses new connections, lets in-flight requests finish (up to a bound), then
     * closes Redis and the database pool.
     */
    public void stop() {
        runtime.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
