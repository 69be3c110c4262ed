package dev.familiar.server.health;

import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.HealthReport.ComponentHealth;
import dev.familiar.server.BuildInfo;
import dev.familiar.server.db.Database;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.redis.RedisConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/live} answers while the process serves HTTP; {@code /health/ready} also checks the
 * database and, when configured, Redis, and answers 503 when one of them does not respond. Check
 * failures are logged; the body says only which dependency failed.
 */
public final class HealthRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;
    private final Optional<RedisConnection> redis;
    private final Supplier<String> countersMode;
    private final String billingMode;
    private final boolean unsignedWebhooks;
    private final Supplier<ComponentHealth> directory;
    private final BuildInfo build = BuildInfo.current();

    /**
     * @param countersMode     where quota checks read counters now ({@code local}, {@code redis}, {@code redis-degraded},
     *                         {@code database})
     * @param billingMode      {@code stripe} or {@code dry-run}, shown as the {@code billing} check
     * @param unsignedWebhooks the development switch that accepts unsigned webhooks is on: the billing check says so
     * @param directory        the {@code directory} check (issue 15): its mode, DEGRADED when it does not answer
     */
    public HealthRoutes(Database database, Optional<RedisConnection> redis, Supplier<String> countersMode,
                        String billingMode, boolean unsignedWebhooks, Supplier<ComponentHealth> directory) {
        this.database = database;
        this.redis = redis;
        this.countersMode = countersMode;
        this.billingMode = billingMode;
        this.unsignedWebhooks = unsignedWebhooks;
        this.directory = directory;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/health/live", Access.PUBLIC, ctx -> ctx.json(new HealthReport(HealthReport.UP, build.service(), build.version(), Map.of())));
        routes.get("/health/ready", Access.PUBLIC, ctx -> {
            HealthReport report = ready();
            ctx.status(HealthReport.DOWN.equals(report.status()) ? 503 : 200).json(report);
        });
    }

    /**
     * UP when everything answers; DEGRADED (still 200) when only Redis does not, since the database then answers
     * quota reads (slower, still correct), or when the directory (Microsoft Entra) does not; DOWN (503) when the
     * database does not.
     */
    public HealthReport ready() {
        Map<String, ComponentHealth> checks = new LinkedHashMap<>();
        ComponentHealth db = checkDatabase();
        checks.put("database", db);
        redis.ifPresent(r -> checks.put("redis", checkRedis(r)));
        checks.put("quotaCounters", new ComponentHealth(
                "redis-degraded".equals(countersMode.get()) ? HealthReport.DEGRADED : HealthReport.UP, countersMode.get()));
        String billing = "dry-run".equals(billingMode) ? "dry-run: no payments are taken and Stripe is not called" : billingMode;
        if (unsignedWebhooks) {
            billing += "; UNSIGNED WEBHOOKS ACCEPTED (FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED, development only)";
        }
        checks.put("billing", new ComponentHealth(HealthReport.UP, billing));
        checks.put("directory", checkDirectory());
        String status;
        if (!HealthReport.UP.equals(db.status())) {
            status = HealthReport.DOWN;
        } else if (checks.values().stream().allMatch(c -> HealthReport.UP.equals(c.status()))) {
            status = HealthReport.UP;
        } else {
            status = HealthReport.DEGRADED;
        }
        return new HealthReport(status, build.service(), build.version(), checks);
    }

    /** The directory's own check; a failing one is DEGRADED (the rest of the server serves without it). */
    private ComponentHealth checkDirectory() {
        try {
            return directory.get();
        } catch (RuntimeException e) {
            LOG.warn("Readiness: directory check failed: {}", e.toString());
            return new ComponentHealth(HealthReport.DEGRADED, "the directory check failed");
        }
    }

    private ComponentHealth checkDatabase() {
        try {
            database.ping(CHECK_TIMEOUT);
            return new ComponentHealth(HealthReport.UP, database.kind().name().toLowerCase());
        } catch (Exception e) {
            LOG.warn("Readiness: database check failed: {}", e.toString());
            return new ComponentHealth(HealthReport.DOWN, database.kind().name().toLowerCase() + " did not answer");
        }
    }

    private ComponentHealth checkRedis(RedisConnection connection) {
        try {
            connection.ping(CHECK_TIMEOUT);
            return new ComponentHealth(HealthReport.UP, "redis");
        } catch (Exception e) {
            LOG.warn("Readiness: redis check failed: {}", e.toString());
            return new ComponentHealth(HealthReport.DOWN, "redis did not answer");
        }
    }
}
