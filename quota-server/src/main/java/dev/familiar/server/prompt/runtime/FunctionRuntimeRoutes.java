package dev.familiar.server.prompt.runtime;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.InvokeRequest;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.llm.ActingUsers;
import dev.familiar.server.llm.LlmTokenRoutes;
import dev.familiar.server.llm.TokenConsumption;
import dev.familiar.server.prompt.functions.PromptFunctionRoutes;
import dev.familiar.server.prompt.functions.PromptProblems;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deployed prompt functions for product code, in the envelope family: {@code GET /api/v1/functions} (every active
 * major with its parameters as a JSON Schema) and {@code POST /api/v1/functions/{name}/invoke}. Open to users and
 * tenants' service keys like {@code /api/v1/tokens/consume}, whose rules for whom a call is for ({@link ActingUsers})
 * and whose organisation pays ({@link LlmTokenRoutes#checkOrg}) apply unchanged.
 */
public final class FunctionRuntimeRoutes implements RouteModule {
    private final JsonBodies bodies;
    private final FunctionInvoker invoker;
    private final ActingUsers actingUsers;
    private final LlmTokenSettings llm;

    public FunctionRuntimeRoutes(JsonBodies bodies, FunctionInvoker invoker, ActingUsers actingUsers,
                                 LlmTokenSettings llm) {
        this.bodies = bodies;
        this.invoker = invoker;
        this.actingUsers = actingUsers;
        this.llm = llm;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/v1/functions", Access.USER_OR_SERVICE, ctx -> ApiResponses.ok(ctx, invoker.catalog()));
        routes.post("/api/v1/functions/{name}/invoke", Access.USER_OR_SERVICE, this::invoke);
    }

    private void invoke(Context ctx) throws SQLException {
        String name = ctx.pathParam("name");
        InvokeRequest request = bodies.read(ctx, InvokeRequest.class);
        Principal caller = Principals.require(ctx);
        Validation v = new Validation();
        v.text("name", name, 1, 64, PromptFunctionRoutes.NAME, "must be a prompt function's name");
        v.require(request.major() >= 1, "major", "must be a major number, 1 or more");
        v.optionalUuid("orgId", request.orgId());
        String userId = request.userId();
        if (userId == null && !caller.isService()) {
            userId = caller.userId().orElse(null);
        }
        v.uuid("userId", userId);
        v.check();
        String tenantId = actingUsers.tenantOf(ctx, userId, true);
        LlmTokenRoutes.checkOrg(ctx, request.orgId(), tenantId);
        var rc = RequestContextFilter.current(ctx);
        FunctionInvoker.Outcome outcome = invoker.invoke(new TokenConsumption.Consumer(userId, tenantId,
                Optional.ofNullable(request.orgId()), rc.requestId(), ctx.ip()), name, request.major(),
                request.parameters());
        if (outcome instanceof FunctionInvoker.NotDeployed nd) {
            throw ApiError.of(ErrorCode.NOT_FOUND, nd.message());
        }
        if (outcome instanceof FunctionInvoker.Invalid invalid) {
            Set<String> declared = invalid.schema().stream().map(p -> p.name()).collect(Collectors.toSet());
            throw PromptProblems.of("The parameters do not fit " + name + " major " + request.major(),
                    invalid.problems(), declared, false);
        }
        if (outcome instanceof FunctionInvoker.NoProvider np) {
            throw ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, np.message());
        }
        TokenConsumption.Result result = outcome instanceof FunctionInvoker.Invoked invoked ? invoked.result()
                : ((FunctionInvoker.Refused) outcome).result();
        ctx.header("X-RateLimit-Limit", Long.toString(result.bucket().capacity()));
        ctx.header("X-RateLimit-Remaining", Long.toString(result.bucket().remaining()));
        ctx.header("X-RateLimit-Reset", Long.toString(result.bucket().resetSeconds()));
        if (outcome instanceof FunctionInvoker.Invoked invoked) {
            ApiResponses.ok(ctx, invoked.answer());
        } else if (result instanceof TokenConsumption.RateLimited) {
            Map<String, Object> details = new HashMap<>();
            details.put(ApiResponses.RETRY_AFTER_DETAIL, result.bucket().waitSeconds());
            throw new ApiError(ErrorCode.RATE_LIMITED, "rate limit exceeded: retry later", 429, details);
        } else if (result instanceof TokenConsumption.NoQuota n) {
            Map<String, Object> details = new HashMap<>();
            if (n.freeTier()) {
                details.put("upgradeUrl", llm.upgradeUrl());
            }
            throw new ApiError(ErrorCode.PAYMENT_REQUIRED, "insufficient token quota", 402, details);
        } else {
            throw ApiError.of(ErrorCode.UPSTREAM_FAILED, "provider call failed");
        }
    }
}
