package dev.familiar.server.directory;

import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.HealthReport.ComponentHealth;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.server.auth.Access;
import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Which directory is live, for administrators ({@code GET /api/admin/directory/status}) and for readiness (the
 * {@code directory} check). Both read the same probe verdict, refreshed at most every {@link #PROBE_EVERY} so a
 * readiness poller does not turn into a stream of Graph calls. An unreachable directory degrades readiness, never
 * downs it: everything but the directory screens and group-granted roles still works. Thread-safe.
 */
public final class DirectoryStatusRoutes implements RouteModule {
    static final Duration PROBE_EVERY = Duration.ofSeconds(10);

    private record Verdict(DirectoryHealth health, Instant at) {
    }

    private final Directory directory;
    private final EntraSettings settings;
    private final Clock clock;
    private volatile Verdict last;

    public DirectoryStatusRoutes(Directory directory, EntraSettings settings, Clock clock) {
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/directory/status", Access.ADMIN, ctx -> ApiResponses.ok(ctx, status()));
    }

    public DirectoryStatus status() {
        DirectoryHealth health = health();
        boolean entra = directory.mode() == DirectoryMode.ENTRA;
        return new DirectoryStatus(directory.mode().wireName(), !entra,
                entra ? settings.tenantId().orElse(null) : null, entra ? settings.graphUrl() : null,
                health.reachable(), health.detail(), settings.enabled());
    }

    /** The readiness check: UP when the directory answers, DEGRADED when it does not; the detail names the mode. */
    public ComponentHealth readiness() {
        DirectoryHealth health = health();
        String mode = directory.mode() == DirectoryMode.ENTRA
                ? "entra: tenant " + settings.tenantId().orElse("?") + " via " + settings.graphUrl()
                : "local: dry-run of Microsoft Entra, groups in this server's database";
        return health.reachable()
                ? new ComponentHealth(HealthReport.UP, mode)
                : new ComponentHealth(HealthReport.DEGRADED, mode + "; not reachable: " + health.detail());
    }

    private DirectoryHealth health() {
        Verdict verdict = last;
        Instant now = clock.instant();
        if (verdict == null || !now.isBefore(verdict.at().plus(PROBE_EVERY)) || now.isBefore(verdict.at())) {
            verdict = new Verdict(directory.probe(), now);
            last = verdict;
        }
        return verdict.health();
    }
}
