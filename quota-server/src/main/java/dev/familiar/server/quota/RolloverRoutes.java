package dev.familiar.server.quota;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.metering.RolloverResult;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import java.util.Map;

/** UC-14 {@code POST /api/admin/quotas/reset[?dryRun=true]}. */
public final class RolloverRoutes implements RouteModule {
    private final RolloverService rollover;
    private final AuditLog audit;

    public RolloverRoutes(RolloverService rollover, AuditLog audit) {
        this.rollover = rollover;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/admin/quotas/reset", Access.ADMIN, ctx -> {
            String dryRun = ctx.queryParam("dryRun");
            if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
                throw ApiError.validation(Map.of("dryRun", "must be true or false"));
            }
            RolloverResult result = rollover.rollOver("true".equals(dryRun));
            if (!result.dryRun()) {
                audit.record(Auditor.entry(ctx, null, "quota.reset", Integer.toString(result.updated()),
                        AuditEntry.Outcome.SUCCESS));
            }
            ApiResponses.ok(ctx, result);
        });
    }
}
