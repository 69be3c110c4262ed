package dev.familiar.server.entitlement;

import dev.familiar.model.metering.CreateTenantRequest;
import dev.familiar.model.metering.TenantCreated;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code POST /api/admin/tenants}: an organisation with an entitlement, without any payment provider. */
public final class TenantRoutes implements RouteModule {
    static final Pattern PLAN_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final JsonBodies bodies;
    private final EntitlementService entitlements;
    private final AuditLog audit;
    private final Clock clock;

    public TenantRoutes(JsonBodies bodies, EntitlementService entitlements, AuditLog audit, Clock clock) {
        this.bodies = bodies;
        this.entitlements = entitlements;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/admin/tenants", Access.ADMIN, ctx -> {
            CreateTenantRequest request = bodies.read(ctx, CreateTenantRequest.class);
            Validation v = new Validation();
            v.text("name", request.name(), 1, 200, null, null);
            v.text("planCode", request.planCode(), 1, 64, PLAN_CODE, "must be a plan code such as starter");
            if (request.trialDays() != null) {
                v.require(request.trialDays() >= 0 && request.trialDays() <= 365, "trialDays", "must be between 0 and 365");
            }
            v.check();
            Entitlement e = entitlements.createTenant(request.name().trim(), request.planCode(),
                    Optional.ofNullable(request.trialDays()));
            audit.record(Auditor.entry(ctx, e.tenantId(), "tenant.create", e.tenantId(), AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, 201, new TenantCreated(e.tenantId(), e.planCode(), e.status().wireName(),
                    e.periodAt(clock.instant()).key()));
        });
    }
}
