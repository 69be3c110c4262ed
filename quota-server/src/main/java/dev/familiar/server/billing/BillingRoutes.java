package dev.familiar.server.billing;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.OrgRequest;
import dev.familiar.model.billing.PlanChangeRequest;
import dev.familiar.model.billing.PlanPreviewRequest;
import dev.familiar.model.billing.PortalSession;
import dev.familiar.model.billing.SetupIntentCreated;
import dev.familiar.model.billing.SignupRequest;
import dev.familiar.server.activation.ActivationService;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.security.AddressRateLimit;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The customer's billing routes: UC-01 sign-up (public, rate-limited per address), UC-06 preview, UC-07 upgrade,
 * UC-08 downgrade (and its withdrawal), UC-09 invoices, UC-10 SetupIntent, UC-11 portal. Every route but sign-up
 * serves the caller's own organisation ({@code orgId} must be the caller's tenant: 403), except for ADMIN.
 * Reading (preview, invoices) needs a user of the organisation; changing plans and payment methods needs its
 * tenant admin.
 */
public final class BillingRoutes implements RouteModule {
    static final Pattern PLAN_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    static final Pattern CURSOR = Pattern.compile("in_[A-Za-z0-9_]{1,250}");
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final JsonBodies bodies;
    private final SignupService signups;
    private final AddressRateLimit signupLimit;
    private final BillingService billing;

    public BillingRoutes(JsonBodies bodies, SignupService signups, AddressRateLimit signupLimit, BillingService billing) {
        this.bodies = bodies;
        this.signups = signups;
        this.signupLimit = signupLimit;
        this.billing = billing;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/signup", Access.PUBLIC, this::signup);
        routes.post("/api/plans/preview", Access.USER, this::preview);
        routes.post("/api/plans/upgrade", Access.TENANT_ADMIN, this::upgrade);
        routes.post("/api/plans/downgrade", Access.TENANT_ADMIN, this::downgrade);
        routes.delete("/api/plans/downgrade", Access.TENANT_ADMIN, this::withdrawDowngrade);
        routes.get("/api/invoices", Access.USER, this::invoices);
        routes.post("/api/payments/setup", Access.TENANT_ADMIN, this::setup);
        routes.post("/api/payments/portal", Access.TENANT_ADMIN, this::portal);
    }

    private void signup(Context ctx) throws Exception {
        SignupRequest request = bodies.read(ctx, SignupRequest.class);
        Validation v = new Validation();
        v.text("orgName", request.orgName(), 1, 200, null, null);
        v.text("email", request.email() == null ? null : request.email().trim(), 3, 320, EMAIL, "must be an e-mail address");
        v.check();
        OptionalLong wait = signupLimit.acquire(ctx.ip());
        if (wait.isPresent()) {
            throw new ApiError(ErrorCode.RATE_LIMITED, "Too many sign-ups from this address; try again later", 429,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL, wait.getAsLong()));
        }
        var context = RequestContextFilter.current(ctx);
        ApiResponses.ok(ctx, signups.signUp(request.orgName().trim(), request.email().trim().toLowerCase(Locale.ROOT),
                new ActivationService.Caller("signup", context.requestId(), ctx.ip())));
    }

    private void preview(Context ctx) throws Exception {
        PlanPreviewRequest request = bodies.read(ctx, PlanPreviewRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        v.text("planCode", request.planCode(), 1, 64, PLAN_CODE, "must be a plan code such as pro");
        v.check();
        String org = ownOrg(ctx, request.orgId());
        ApiResponses.ok(ctx, billing.preview(org, request.planCode(), request.proration() == null || request.proration()));
    }

    private void upgrade(Context ctx) throws Exception {
        PlanChangeRequest request = planChange(ctx);
        ApiResponses.ok(ctx, billing.upgrade(ownOrg(ctx, request.orgId()), request.newPlanCode(), caller(ctx)));
    }

    private void downgrade(Context ctx) throws Exception {
        PlanChangeRequest request = planChange(ctx);
        ApiResponses.ok(ctx, billing.downgrade(ownOrg(ctx, request.orgId()), request.newPlanCode(), caller(ctx)));
    }

    private void withdrawDowngrade(Context ctx) throws Exception {
        String org = orgFromQuery(ctx);
        billing.withdrawDowngrade(org, caller(ctx));
        ApiResponses.ok(ctx, Map.of("withdrawn", true));
    }

    private void invoices(Context ctx) throws Exception {
        Validation v = new Validation();
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            v.text("cursor", cursor, 1, 255, CURSOR, "must be the nextCursor of the previous page");
        }
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        String orgId = ctx.queryParam("orgId");
        if (orgId != null) {
            v.uuid("orgId", orgId);
        }
        v.check();
        String org = orgId == null ? Principals.require(ctx).tenantId() : ownOrg(ctx, orgId);
        ApiResponses.ok(ctx, billing.invoices(org, Optional.ofNullable(cursor).filter(c -> !c.isEmpty()), limit));
    }

    private void setup(Context ctx) throws Exception {
        String org = orgFromOptionalBody(ctx);
        ApiResponses.ok(ctx, new SetupIntentCreated(billing.setupIntent(org, caller(ctx))));
    }

    private void portal(Context ctx) throws Exception {
        String org = orgFromOptionalBody(ctx);
        ApiResponses.ok(ctx, new PortalSession(billing.portal(org, caller(ctx))));
    }

    private PlanChangeRequest planChange(Context ctx) {
        PlanChangeRequest request = bodies.read(ctx, PlanChangeRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        v.text("newPlanCode", request.newPlanCode(), 1, 64, PLAN_CODE, "must be a plan code such as pro");
        v.check();
        return request;
    }

    /** The organisation named by the optional JSON body ({@code {"orgId": …}}); the caller's own when absent. */
    private String orgFromOptionalBody(Context ctx) {
        if (ctx.body().isBlank()) {
            return Principals.require(ctx).tenantId();
        }
        OrgRequest request = bodies.read(ctx, OrgRequest.class);
        if (request.orgId() == null) {
            return Principals.require(ctx).tenantId();
        }
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        v.check();
        return ownOrg(ctx, request.orgId());
    }

    private String orgFromQuery(Context ctx) {
        String orgId = ctx.queryParam("orgId");
        if (orgId == null) {
            return Principals.require(ctx).tenantId();
        }
        Validation v = new Validation();
        v.uuid("orgId", orgId);
        v.check();
        return ownOrg(ctx, orgId);
    }

    /** The caller's own organisation; ADMIN may name any. */
    static String ownOrg(Context ctx, String orgId) {
        Principal caller = Principals.require(ctx);
        if (!caller.isAdmin() && !caller.tenantId().equals(orgId)) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "orgId must be your own organisation");
        }
        return orgId;
    }

    static BillingService.Caller caller(Context ctx) {
        Principal p = Principals.require(ctx);
        return new BillingService.Caller(p.subject(), RequestContextFilter.current(ctx).requestId(), ctx.ip());
    }
}
