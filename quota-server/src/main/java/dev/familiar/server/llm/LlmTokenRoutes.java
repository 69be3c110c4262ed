package dev.familiar.server.llm;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.llm.InsufficientQuota;
import dev.familiar.model.llm.OrgQuotaRequest;
import dev.familiar.model.llm.QuotaView;
import dev.familiar.model.llm.TierRequest;
import dev.familiar.model.llm.TierView;
import dev.familiar.model.llm.TokenConsumeRequest;
import dev.familiar.model.llm.TokenServiceStatus;
import dev.familiar.server.BuildInfo;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.llm.provider.LlmProvider;
import dev.familiar.server.llm.provider.Providers;
import dev.familiar.server.llm.quota.Quota;
import dev.familiar.server.llm.quota.QuotaKey;
import dev.familiar.server.llm.quota.QuotaStore;
import dev.familiar.server.llm.quota.TierStore;
import dev.familiar.server.llm.settings.LiveTokenSettings;
import dev.familiar.server.llm.settings.OrgQuotas;
import dev.familiar.server.users.ExternalUsers;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code 002} token API: consume, quotas (user and organisation), tiers and status. Bodies and errors are the
 * document's plain JSON ({@code {message, timestamp}}), not the envelope. A user acts only for themselves, within
 * their own organisation; ADMIN acts for anyone; a tenant's service key consumes and reads quotas and tiers for the
 * users of its tenant.
 */
public final class LlmTokenRoutes implements RouteModule {
    static final long MIN_TOKENS = 1;
    static final long MAX_TOKENS = 10_000;
    static final int MAX_PROMPT = 32_000;
    static final long MAX_QUOTA = OrgQuotas.MAX_QUOTA;

    private final JsonBodies bodies;
    private final TokenConsumption consumption;
    private final Providers providers;
    private final QuotaStore quotas;
    private final TierStore tiers;
    private final UserStore users;
    private final ActingUsers actingUsers;
    private final AuditLog audit;
    private final LlmTokenSettings settings;
    private final LiveTokenSettings live;
    private final OrgQuotas orgQuotas;
    private final BuildInfo build;
    private final Clock clock;

    public LlmTokenRoutes(JsonBodies bodies, TokenConsumption consumption, Providers providers, QuotaStore quotas,
                          TierStore tiers, UserStore users, ExternalUsers externalUsers, AuditLog audit,
                          LlmTokenSettings settings, LiveTokenSettings live, OrgQuotas orgQuotas, BuildInfo build,
                          Clock clock) {
        this.bodies = bodies;
        this.consumption = consumption;
        this.providers = providers;
        this.quotas = quotas;
        this.tiers = tiers;
        this.users = users;
        this.actingUsers = new ActingUsers(users, externalUsers, audit);
        this.audit = audit;
        this.settings = settings;
        this.live = live;
        this.orgQuotas = orgQuotas;
        this.build = build;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/v1/tokens/status", Access.PUBLIC, ctx -> ctx.json(new TokenServiceStatus(build.service(),
                TokenServiceStatus.OK, clock.instant(), build.version(), providers.dryRunNames())));
        routes.post("/api/v1/tokens/consume", Access.USER_OR_SERVICE, this::consume);
        routes.get("/api/v1/tokens/quota", Access.USER_OR_SERVICE, this::userQuota);
        routes.post("/api/v1/tokens/quota/org", Access.ADMIN, this::putOrgQuota);
        routes.get("/api/v1/tokens/quota/org", Access.USER, this::orgQuota);
        routes.post("/api/v1/tokens/tier", Access.ADMIN, this::putTier);
        routes.get("/api/v1/tokens/tier", Access.USER_OR_SERVICE, this::tier);
    }

    private void consume(Context ctx) throws Exception {
        TokenConsumeRequest request = bodies.read(ctx, TokenConsumeRequest.class);
        Validation v = new Validation();
        v.uuid("userId", request.userId());
        v.optionalUuid("orgId", request.orgId());
        provider(v, request.provider());
        if (request.tokens() == null || request.tokens() < MIN_TOKENS || request.tokens() > MAX_TOKENS) {
            v.problem("tokens", "must be a whole number between " + MIN_TOKENS + " and " + MAX_TOKENS);
        }
        if (request.prompt() != null && request.prompt().length() > MAX_PROMPT) {
            v.problem("prompt", "must be at most " + MAX_PROMPT + " characters");
        }
        v.check();
        String tenantId = tenantOfActingUser(ctx, request.userId(), true);
        checkOrg(ctx, request.orgId(), tenantId);
        LlmProvider provider = providers.find(request.provider()).orElseThrow();
        var rc = RequestContextFilter.current(ctx);
        TokenConsumption.Result result = consumption.consume(new TokenConsumption.Consumer(request.userId(), tenantId,
                Optional.ofNullable(request.orgId()), rc.requestId(), ctx.ip()), provider, request.tokens(), request.prompt());
        ctx.header("X-RateLimit-Limit", Long.toString(result.bucket().capacity()));
        ctx.header("X-RateLimit-Remaining", Long.toString(result.bucket().remaining()));
        // Seconds from now (like Retry-After and upstream's header) until the bucket has leaked empty.
        ctx.header("X-RateLimit-Reset", Long.toString(result.bucket().resetSeconds()));
        if (result instanceof TokenConsumption.Allowed) {
            ctx.json(TokenConsumption.answer(result, clock.instant()));
        } else if (result instanceof TokenConsumption.RateLimited) {
            ctx.header("Retry-After", Long.toString(result.bucket().waitSeconds()));
            ctx.status(429).json(TokenConsumption.answer(result, clock.instant()));
        } else if (result instanceof TokenConsumption.NoQuota n) {
            ctx.status(402).json(new InsufficientQuota("insufficient token quota", clock.instant(),
                    n.freeTier() ? settings.upgradeUrl() : null));
        } else {
            ctx.status(502).json(Map.of("message", "provider call failed", "timestamp", clock.instant()));
        }
    }

    private void userQuota(Context ctx) throws Exception {
        Validation v = new Validation();
        String userId = v.uuid("userId", ctx.queryParam("userId"));
        String provider = provider(v, ctx.queryParam("provider"));
        v.check();
        tenantOfActingUser(ctx, userId, false);
        Quota q = quotas.find(QuotaKey.user(userId, provider)).orElseThrow(() ->
                ApiError.of(ErrorCode.NOT_FOUND, "no quota for this user and provider yet"));
        ctx.json(view(q, tiers.of(userId).tier().name()));
    }

    private void putOrgQuota(Context ctx) throws Exception {
        OrgQuotaRequest request = bodies.read(ctx, OrgQuotaRequest.class);
        Validation v = new Validation();
        v.uuid("orgId", request.orgId());
        provider(v, request.provider());
        v.require(request.totalTokens() != null && request.totalTokens() >= 0 && request.totalTokens() <= MAX_QUOTA,
                "totalTokens", "must be a whole number between 0 and " + MAX_QUOTA);
        v.check();
        if (!(orgQuotas.put(request.orgId(), request.provider(), request.totalTokens(), false)
                instanceof OrgQuotas.Saved saved)) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "no such organisation");
        }
        Quota q = saved.quota();
        audit.record(Auditor.entry(ctx, request.orgId(), "tokens.quota.org", request.provider() + "=" + request.totalTokens(),
                AuditEntry.Outcome.SUCCESS));
        ctx.json(view(q, null));
    }

    private void orgQuota(Context ctx) throws Exception {
        Validation v = new Validation();
        String orgId = v.uuid("orgId", ctx.queryParam("orgId"));
        String provider = provider(v, ctx.queryParam("provider"));
        v.check();
        Principal caller = Principals.require(ctx);
        if (!caller.isAdmin() && !caller.tenantId().equals(orgId)) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "only members of the organisation may see its quota");
        }
        Quota q = quotas.find(QuotaKey.org(orgId, provider)).orElseThrow(() ->
                ApiError.of(ErrorCode.NOT_FOUND, "no quota for this organisation and provider"));
        ctx.json(view(q, null));
    }

    private void putTier(Context ctx) throws Exception {
        TierRequest request = bodies.read(ctx, TierRequest.class);
        Validation v = new Validation();
        v.uuid("userId", request.userId());
        v.require(live.tier(request.tier()).isPresent(), "tier",
                "must be one of " + String.join(", ", live.tiers().keySet()));
        if (request.quotaTokens() != null) {
            v.require(request.quotaTokens() >= 0 && request.quotaTokens() <= MAX_QUOTA, "quotaTokens",
                    "must be between 0 and " + MAX_QUOTA);
        }
        v.check();
        User user = users.findById(request.userId()).orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "no such user"));
        TierStore.UserTier set = tiers.set(user.id(), request.tier(), Optional.ofNullable(request.quotaTokens()),
                clock.instant());
        audit.record(Auditor.entry(ctx, user.tenantId(), "tokens.tier", user.id() + "=" + request.tier(),
                AuditEntry.Outcome.SUCCESS));
        ctx.json(new TierView(user.id(), set.tier().name(), set.allowance(), set.tier().quotaMaxTokens()));
    }

    private void tier(Context ctx) throws Exception {
        Validation v = new Validation();
        String userId = v.uuid("userId", ctx.queryParam("userId"));
        v.check();
        tenantOfActingUser(ctx, userId, false);
        TierStore.UserTier t = tiers.of(userId);
        ctx.json(new TierView(userId, t.tier().name(), t.allowance(), t.tier().quotaMaxTokens()));
    }

    /** The tenant of the user the caller acts for ({@link ActingUsers}). */
    private String tenantOfActingUser(Context ctx, String userId, boolean createExternal) throws SQLException {
        return actingUsers.tenantOf(ctx, userId, createExternal);
    }

    /**
     * An {@code orgId} must be the user's own organisation: a user naming another is refused (403); an ADMIN acting
     * for a user who is not a member gets a 400 (the request does not fit together).
     */
    public static void checkOrg(Context ctx, String orgId, String usersTenant) {
        if (orgId == null || orgId.equals(usersTenant)) {
            return;
        }
        if (Principals.require(ctx).isAdmin()) {
            throw ApiError.validation(Map.of("orgId", "the user is not a member of this organisation"));
        }
        throw ApiError.of(ErrorCode.FORBIDDEN, "orgId must be the user's own organisation");
    }

    private String provider(Validation v, String provider) {
        v.require(provider != null && providers.find(provider).isPresent(), "provider",
                "must be one of " + String.join(", ", providers.names()));
        return provider;
    }

    private static QuotaView view(Quota q, String tier) {
        boolean user = q.key().owner() == QuotaKey.Owner.USER;
        return new QuotaView(user ? q.key().ownerId() : null, user ? null : q.key().ownerId(), q.key().provider(), tier,
                q.totalTokens(), q.remainingTokens(), q.purchasedTokens(), q.resetTime(), q.updatedAt());
    }
}
