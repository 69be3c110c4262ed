package dev.familiar.server.billing;

import dev.familiar.model.billing.BillingState;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;

/**
 * The subscription lifecycle for administrators ({@code 000_…}): read, pause and resume collection, discontinue at
 * period end (and undo), cancel now with a pro-rated refund (or only its preview, {@code ?preview=true}), renew. Each
 * is idempotent and audited (the preview changes nothing and is not audited). Open to BILLING_ADMIN (and ADMIN).
 */
public final class BillingAdminRoutes implements RouteModule {
    private final BillingService billing;

    public BillingAdminRoutes(BillingService billing) {
        this.billing = billing;
    }

    @FunctionalInterface
    private interface Operation {
        BillingState run(String orgId, BillingService.Caller caller) throws Exception;
    }

    @Override
    public void register(RouteTable routes) {
        String base = "/api/admin/billing/{orgId}";
        routes.get(base, Access.BILLING_ADMIN, ctx -> ApiResponses.ok(ctx, billing.state(orgId(ctx))));
        routes.post(base + "/pause", Access.BILLING_ADMIN, op(billing::pause));
        routes.post(base + "/resume", Access.BILLING_ADMIN, op(billing::resume));
        routes.post(base + "/discontinue", Access.BILLING_ADMIN, op((org, caller) -> billing.discontinue(org, true, caller)));
        routes.delete(base + "/discontinue", Access.BILLING_ADMIN, op((org, caller) -> billing.discontinue(org, false, caller)));
        routes.post(base + "/cancel", Access.BILLING_ADMIN, this::cancel);
        routes.post(base + "/renew", Access.BILLING_ADMIN, op(billing::renew));
    }

    /** {@code ?preview=true} answers the refund of "cancel now" and does nothing; absent or false cancels. */
    private void cancel(Context ctx) throws Exception {
        String preview = ctx.queryParam("preview");
        Validation v = new Validation();
        v.require(preview == null || preview.equals("true") || preview.equals("false"), "preview", "must be true or false");
        String orgId = v.uuid("orgId", ctx.pathParam("orgId"));
        v.check();
        if ("true".equals(preview)) {
            ApiResponses.ok(ctx, billing.cancelPreview(orgId));
        } else {
            ApiResponses.ok(ctx, billing.cancelNow(orgId, BillingRoutes.caller(ctx)));
        }
    }

    private io.javalin.http.Handler op(Operation operation) {
        return ctx -> ApiResponses.ok(ctx, operation.run(orgId(ctx), BillingRoutes.caller(ctx)));
    }

    private static String orgId(Context ctx) {
        Validation v = new Validation();
        String orgId = v.uuid("orgId", ctx.pathParam("orgId"));
        v.check();
        return orgId;
    }
}
