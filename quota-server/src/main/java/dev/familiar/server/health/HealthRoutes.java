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
    private final BuildInfo build = BuildInfo.current();

    public HealthRoutes(Database database, Optional<RedisConnection> redis) {
        this.database = database;
        this.redis = redis;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/health/live", Access.PUBLIC, ctx -> ctx.json(new HealthReport(HealthReport.UP, build.service(), build.version(), Map.of())));
        routes.get("/health/ready", Access.PUBLIC, ctx -> {
            HealthReport report = ready();
            ctx.status(report.isUp() ? 200 : 503).json(report);
        });
    }

    public HealthReport ready() {
        Map<String, ComponentHealth> checks = new LinkedHashMap<>();
        checks.put("database", checkDatabase());
        redis.ifPresent(r -> checks.put("redis", checkRedis(r)));
        boolean up = checks.values().stream().allMatch(c -> HealthReport.UP.equals(c.status()));
        return new HealthReport(up ? HealthReport.UP : HealthReport.DOWN, build.service(), build.version(), checks);
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
