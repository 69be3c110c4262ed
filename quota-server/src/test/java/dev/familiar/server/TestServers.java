package dev.familiar.server;

import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Starts real servers for tests on loopback and a free port, on the backend {@link TestBackend} selects. */
public final class TestServers {
    public static final String ADMIN_USERNAME = "root-admin";
    public static final String ADMIN_PASSWORD = "correct-horse-battery";

    private TestServers() {
    }

    /**
     * A configuration on the selected backend, with a seeded administrator. Every test calls from 127.0.0.1, so the
     * per-address registration limit is raised out of the way; the tests of that limit set their own.
     */
    public static ServerConfig config(Path tempDir) {
        TestBackend.DatabaseTarget db = TestBackend.newDatabase(tempDir);
        return new ServerConfig("127.0.0.1", 0, tempDir, db.url(), db.user(), db.password(), TestBackend.redis(),
                ServerConfig.DEFAULT_TENANT_HEADER, Optional.of(ADMIN_USERNAME), Optional.of(ADMIN_PASSWORD))
                .withRegistrationsPerMinute(TESTS_REGISTRATIONS_PER_MINUTE);
    }

    public static final int TESTS_REGISTRATIONS_PER_MINUTE = 100_000;

    /**
     * The cost test servers hash passwords at (every register, login, password change and the seeded administrator),
     * so the suite does not spend its minutes in PBKDF2; the stored hashes still carry their cost. Production's
     * 600,000 is proven by {@code ProductionHashingCostTest} and {@code PasswordHasherTest}.
     */
    public static final int TEST_HASH_ITERATIONS = 1_000;

    private static final ServerRuntime.Overrides CHEAP_HASHING =
            ServerRuntime.Overrides.NONE.withPasswordHasher(new PasswordHasher(TEST_HASH_ITERATIONS));

    public static FamiliarServer start(Path tempDir, RouteModule... extraRoutes) {
        return start(config(tempDir), extraRoutes);
    }

    /** A server whose every expiry and window follows {@code clock}. */
    public static FamiliarServer start(ServerConfig config, java.time.Clock clock, RouteModule... extraRoutes) {
        return FamiliarServer.start(config, List.of(extraRoutes), clock, CHEAP_HASHING);
    }

    /** A server whose directory and role mappings are the test's own (Entra sign-in tests). */
    public static FamiliarServer start(ServerConfig config, java.time.Clock clock,
                                       dev.familiar.server.directory.Directory directory,
                                       dev.familiar.server.directory.GroupRoles groupRoles) {
        return FamiliarServer.start(config, List.of(), clock, new ServerRuntime.Overrides(Optional.of(directory),
                Optional.of(groupRoles), CHEAP_HASHING.passwordHasher()));
    }

    public static FamiliarServer start(ServerConfig config, RouteModule... extraRoutes) {
        return FamiliarServer.start(config, List.of(extraRoutes), java.time.Clock.systemUTC(), CHEAP_HASHING);
    }
}
