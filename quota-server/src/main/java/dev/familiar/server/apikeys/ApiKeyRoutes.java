package dev.familiar.server.apikeys;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.ApiKeyCreateRequest;
import dev.familiar.model.auth.ApiKeyCreated;
import dev.familiar.model.auth.ApiKeyInfo;
import dev.familiar.model.auth.ApiKeyValidation;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.auth.Role;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * API keys of the {@code 002} API. A user manages their own keys, a TENANT_ADMIN those of their tenant's users,
 * an ADMIN anyone's; a plain user naming someone else is refused with 403, an admin naming a user outside their
 * reach gets 404 (existence is not revealed across tenants). SERVICE keys (the tenant's backend acting for its end
 * users) are created by an ADMIN or TENANT_ADMIN for an owner in the tenant they serve. A user holding the most
 * active keys allowed gets 409: the limit is a state that revoking a key changes, not a rate that waiting cures.
 */
public final class ApiKeyRoutes implements RouteModule {
    private static final long MAX_DAYS = ApiKeyService.MAX_LIFETIME.toDays();
    private final JsonBodies bodies;
    private final ApiKeyService keys;
    private final ApiKeyStore store;
    private final UserStore users;
    private final AuditLog audit;
    private final Clock clock;
    private final java.util.function.Consumer<String> revokedKeysOf;

    /** @param revokedKeysOf told the user id whose key was revoked, so cached verifications are dropped */
    public ApiKeyRoutes(JsonBodies bodies, ApiKeyService keys, ApiKeyStore store, UserStore users, AuditLog audit,
                        Clock clock, java.util.function.Consumer<String> revokedKeysOf) {
        this.revokedKeysOf = revokedKeysOf;
        this.bodies = bodies;
        this.keys = keys;
        this.store = store;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/v1/auth/api-keys", Access.USER, this::create);
        routes.get("/api/v1/auth/api-keys", Access.USER, this::list);
        routes.delete("/api/v1/auth/api-keys", Access.USER, this::revoke);
        routes.get("/api/v1/auth/api-keys/validate", Access.PUBLIC, this::validate);
    }

    private void create(Context ctx) throws SQLException {
        ApiKeyCreateRequest request = bodies.read(ctx, ApiKeyCreateRequest.class);
        Instant now = clock.instant();
        Validation v = new Validation();
        v.uuid("userId", request.userId());
        v.text("name", request.name(), 1, 100, null, null);
        v.optionalUuid("tenantId", request.tenantId());
        if (request.expiresInDays() != null) {
            v.require(request.expiresInDays() >= 1 && request.expiresInDays() <= MAX_DAYS, "expiresInDays",
                    "must be between 1 and " + MAX_DAYS);
        }
        Optional<Instant> expiresAt = expiresAt(v, request, now);
        ApiKey.KeyRole role = role(v, request.role());
        v.check();
        Principal caller = Principals.require(ctx);
        if (role == ApiKey.KeyRole.SERVICE && !caller.isAdmin() && !caller.isTenantAdmin()) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "Only an ADMIN or a TENANT_ADMIN may create SERVICE keys");
        }
        User owner = reachableUser(caller, request.userId());
        if (request.tenantId() != null && !request.tenantId().equals(owner.tenantId())) {
            throw ApiError.validation(Map.of("tenantId", "must be the tenant of the user"));
        }
        if (owner.isExternal()) {
            throw ApiError.validation(Map.of("userId", "is an external user of a service key; it has no credentials"));
        }
        ApiKeyService.Creation creation = keys.create(owner, request.name().trim(), expiresAt,
                Optional.ofNullable(request.expiresInDays()).map(Duration::ofDays), role);
        if (creation instanceof ApiKeyService.LimitReached limit) {
            audit.record(Auditor.entry(ctx, owner.tenantId(), "api_key.create", "limit", AuditEntry.Outcome.DENIED));
            throw ApiError.of(ErrorCode.CONFLICT, "The user already holds " + limit.limit()
                    + " active API keys, the most allowed; revoke one first");
        }
        ApiKeyService.Created created = (ApiKeyService.Created) creation;
        ApiKey key = created.key();
        audit.record(Auditor.entry(ctx, owner.tenantId(), "api_key.create", key.id(), AuditEntry.Outcome.SUCCESS));
        ctx.status(201).json(new ApiKeyCreated(key.id(), key.userId(), key.tenantId(), key.name(), key.keyPrefix(),
                created.rawKey(), created.rawKey(), key.role().name(), key.createdAt(), key.expiresAt().orElse(null)));
    }

    /**
     * {@code expiresAt}: an ISO-8601 instant in the future and within {@link ApiKeyService#MAX_LIFETIME}; never
     * together with {@code expiresInDays}.
     */
    private static Optional<Instant> expiresAt(Validation v, ApiKeyCreateRequest request, Instant now) {
        if (request.expiresAt() == null) {
            return Optional.empty();
        }
        if (request.expiresInDays() != null) {
            v.problem("expiresAt", "give either expiresAt or expiresInDays, not both");
            return Optional.empty();
        }
        Instant at = v.optionalInstant("expiresAt", request.expiresAt(), "2026-12-31T23:59:59Z");
        if (at == null) {
            return Optional.empty();
        }
        if (!at.isAfter(now)) {
            v.problem("expiresAt", "must be in the future");
        } else if (at.isAfter(now.plus(ApiKeyService.MAX_LIFETIME))) {
            v.problem("expiresAt", "must be at most " + MAX_DAYS + " days from now");
        }
        return Optional.of(at);
    }

    private static ApiKey.KeyRole role(Validation v, String role) {
        if (role == null) {
            return ApiKey.KeyRole.USER;
        }
        for (ApiKey.KeyRole r : ApiKey.KeyRole.values()) {
            if (r.name().equals(role)) {
                return r;
            }
        }
        v.problem("role", "must be USER or SERVICE");
        return ApiKey.KeyRole.USER;
    }

    private void list(Context ctx) throws SQLException {
        String userId = ctx.queryParam("userId");
        Validation v = new Validation();
        v.uuid("userId", userId);
        v.check();
        User owner = reachableUser(Principals.require(ctx), userId);
        ctx.json(store.listForUser(owner.id()).stream().map(k -> new ApiKeyInfo(k.id(), k.userId(), k.name(),
                k.keyPrefix(), k.createdAt(), k.expiresAt().orElse(null), k.revokedAt().orElse(null), k.role().name()))
                .toList());
    }

    private void revoke(Context ctx) throws SQLException {
        String userId = ctx.queryParam("userId");
        String keyId = ctx.queryParam("apiKeyId");
        Validation v = new Validation();
        v.uuid("userId", userId);
        v.uuid("apiKeyId", keyId);
        v.check();
        User owner = reachableUser(Principals.require(ctx), userId);
        if (!store.revoke(owner.id(), keyId, clock.instant())) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No such API key");
        }
        revokedKeysOf.accept(owner.id());
        audit.record(Auditor.entry(ctx, owner.tenantId(), "api_key.revoke", keyId, AuditEntry.Outcome.SUCCESS));
        ctx.status(204);
    }

    private void validate(Context ctx) throws SQLException {
        String raw = ctx.header("X-Api-Key");
        ApiKeyService.Verified verified = keys.verify(raw == null ? null : raw.trim())
                .orElseThrow(() -> ApiError.of(ErrorCode.UNAUTHENTICATED, "The API key is not valid"));
        ctx.json(new ApiKeyValidation(verified.owner().id(), verified.key().name(),
                verified.key().expiresAt().orElse(null),
                verified.roles().stream().map(Role::name).sorted().toList()));
    }

    private User reachableUser(Principal caller, String userId) throws SQLException {
        boolean self = caller.userId().map(userId::equals).orElse(false);
        if (!self && !caller.isAdmin() && !caller.isTenantAdmin()) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "You may manage only your own API keys");
        }
        Optional<User> user = users.findById(userId);
        if (user.isEmpty() || !caller.mayActFor(user.get().id(), user.get().tenantId())) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No such user");
        }
        return user.get();
    }
}
