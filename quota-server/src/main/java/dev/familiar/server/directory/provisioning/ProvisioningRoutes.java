package dev.familiar.server.directory.provisioning;

import dev.familiar.model.directory.ProvisioningJobView;
import dev.familiar.server.auth.Access;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Status;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code GET /api/admin/directory/provisioning[?status=PENDING|DONE|FAILED][&limit=]}: the provisioning jobs, newest
 * first, read-only (ADMIN, envelope). A FAILED job says why; it is not retried by itself.
 */
public final class ProvisioningRoutes implements RouteModule {
    private final ProvisioningJobs jobs;

    public ProvisioningRoutes(ProvisioningJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/directory/provisioning", Access.ADMIN, this::list);
    }

    private void list(Context ctx) throws SQLException {
        Validation v = new Validation();
        String status = ctx.queryParam("status");
        v.require(status == null || Arrays.stream(Status.values()).anyMatch(s -> s.name().equals(status)), "status",
                "must be PENDING, DONE or FAILED");
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), 50, 1, 500);
        v.check();
        ApiResponses.ok(ctx, jobs.list(Optional.ofNullable(status).map(Status::valueOf), limit).stream()
                .map(ProvisioningRoutes::view).toList());
    }

    static ProvisioningJobView view(ProvisioningJob j) {
        return new ProvisioningJobView(j.id(), j.tenantId(), j.userId(), j.email(), j.groupId(),
                j.planCode().orElse(null), j.action().name(), j.status().name(), j.attempts(), j.nextAttemptAt(),
                j.outcome().orElse(null), j.lastError().orElse(null), j.createdAt(), j.updatedAt());
    }
}
