package dev.familiar.server.llm.purchase;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.llm.PurchaseStarted;
import dev.familiar.model.llm.PurchaseView;
import dev.familiar.model.llm.TokenPurchaseRequest;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /api/v1/tokens/purchase} (202, the saga runs in the background) and
 * {@code GET /api/v1/tokens/purchase/{sagaId}} (404 when unknown or another user's; ADMIN sees all).
 */
public final class PurchaseRoutes implements RouteModule {
    static final long MAX_TOKENS = 10_000_000;
    static final int MAX_KEY = 100;

    private final JsonBodies bodies;
    private final PurchaseService purchases;
    private final PurchaseStore store;
    private final UserStore users;
    private final Set<String> providers;

    public PurchaseRoutes(JsonBodies bodies, PurchaseService purchases, PurchaseStore store, UserStore users,
                          Set<String> providers) {
        this.bodies = bodies;
        this.purchases = purchases;
        this.store = store;
        this.users = users;
        this.providers = Set.copyOf(providers);
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/v1/tokens/purchase", Access.USER, this::purchase);
        routes.get("/api/v1/tokens/purchase/{sagaId}", Access.USER, this::status);
    }

    private void purchase(Context ctx) throws Exception {
        TokenPurchaseRequest request = bodies.read(ctx, TokenPurchaseRequest.class);
        String key = ctx.header("Idempotency-Key");
        Validation v = new Validation();
        v.uuid("userId", request.userId());
        v.optionalUuid("orgId", request.orgId());
        v.require(request.provider() != null && providers.contains(request.provider()), "provider",
                "must be one of " + String.join(", ", providers.stream().sorted().toList()));
        v.require(request.tokens() != null && request.tokens() >= 1 && request.tokens() <= MAX_TOKENS, "tokens",
                "must be a whole number between 1 and " + MAX_TOKENS);
        if (key != null) {
            v.require(!key.isBlank() && key.length() <= MAX_KEY && key.chars().allMatch(ch -> ch > 32 && ch < 127),
                    "Idempotency-Key", "must be 1 to " + MAX_KEY + " visible ASCII characters");
        }
        v.check();
        Principal caller = Principals.require(ctx);
        String tenantId;
        if (caller.userId().map(request.userId()::equals).orElse(false)) {
            tenantId = caller.tenantId();
        } else if (caller.isAdmin()) {
            tenantId = users.findById(request.userId()).map(User::tenantId)
                    .orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "no such user"));
        } else {
            throw ApiError.of(ErrorCode.FORBIDDEN, "you may buy tokens only for yourself");
        }
        dev.familiar.server.llm.LlmTokenRoutes.checkOrg(ctx, request.orgId(), tenantId);
        Purchase p = purchases.start(request.userId(), tenantId, Optional.ofNullable(request.orgId()), request.provider(),
                request.tokens(), Optional.ofNullable(key));
        ctx.status(202).json(new PurchaseStarted(p.sagaId(), p.status().name(), p.createdAt()));
    }

    private void status(Context ctx) throws Exception {
        String sagaId = ctx.pathParam("sagaId");
        Validation v = new Validation();
        v.uuid("sagaId", sagaId);
        v.check();
        Principal caller = Principals.require(ctx);
        Purchase p = store.find(sagaId)
                .filter(found -> caller.isAdmin() || caller.userId().map(found.userId()::equals).orElse(false))
                .orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "no such purchase"));
        ctx.json(new PurchaseView(p.sagaId(), p.sagaId(), p.userId(), p.orgId().orElse(null), p.provider(), p.tokens(),
                p.amount(), p.currency(), p.status().name(), p.idempotencyKey().orElse(null), p.error().orElse(null),
                p.createdAt(), p.updatedAt()));
    }
}
