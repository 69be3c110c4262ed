package dev.familiar.server.auth;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.http.RequestContextFilter;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The one authorisation rule set. Wraps each route's handler: authenticates the caller from
 * {@code Authorization: Bearer} or {@code X-Api-Key}, checks the route's {@link Access}, checks that a tenant
 * header, when present, names the caller's tenant, and attaches the {@link Principal} for the handler.
 * 401 means no valid credential; 403 means a valid caller without the right. Public routes need no credential,
 * but one that is presented is checked there too (a revoked key is a 401 everywhere, as upstream answers); they
 * serve every caller alike, so no principal is attached.
 */
public final class RouteGuard {
    private final CredentialVerifier verifier;
    private final String tenantHeader;

    public RouteGuard(CredentialVerifier verifier, String tenantHeader) {
        this.verifier = verifier;
        this.tenantHeader = tenantHeader;
    }

    public Handler wrap(Access access, Handler handler) {
        if (access.level() == Access.Level.PUBLIC) {
            return ctx -> {
                authenticate(ctx);
                handler.handle(ctx);
            };
        }
        return ctx -> {
            Principal principal = authenticate(ctx)
                    .orElseThrow(() -> ApiError.of(ErrorCode.UNAUTHENTICATED, "Authentication required"));
            authorize(access, principal);
            String claimedTenant = RequestContextFilter.current(ctx).tenantId().orElse(null);
            if (claimedTenant != null && !claimedTenant.equals(principal.tenantId())) {
                throw ApiError.of(ErrorCode.FORBIDDEN, "The tenant header does not match the caller's tenant");
            }
            MDC.put(RequestContextFilter.MDC_TENANT_ID, principal.tenantId());
            ctx.attribute(Principals.ATTRIBUTE, principal);
            handler.handle(ctx);
        };
    }

    /** The caller, when the request carries a credential; a credential that does not verify is a 401. */
    public Optional<Principal> authenticate(Context ctx) {
        Optional<Principal> byKey = fromApiKeyHeader(ctx);
        Optional<Principal> byBearer = fromAuthorizationHeader(ctx);
        if (byKey.isPresent() && byBearer.isPresent() && !byKey.get().subject().equals(byBearer.get().subject())) {
            // Two valid credentials of different callers: acting as either would be a guess.
            throw ApiError.of(ErrorCode.UNAUTHENTICATED, "X-Api-Key and Authorization name different callers");
        }
        return byKey.or(() -> byBearer);
    }

    /** Every credential presented is checked: a valid API key does not excuse an invalid bearer beside it. */
    private Optional<Principal> fromApiKeyHeader(Context ctx) {
        String apiKey = ctx.header("X-Api-Key");
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(verifier.verifyApiKey(apiKey.trim()).orElseThrow(RouteGuard::invalid));
    }

    private Optional<Principal> fromAuthorizationHeader(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalid();
        }
        String token = authorization.substring(7).trim();
        return Optional.of(verifier.verifyBearer(token).orElseThrow(RouteGuard::invalid));
    }

    private static void authorize(Access access, Principal principal) {
        switch (access.level()) {
            case PUBLIC -> { }
            case AUTHENTICATED -> {
                refuseService(principal);
                for (String scope : access.scopes()) {
                    if (!principal.hasScope(scope)) {
                        throw ApiError.of(ErrorCode.FORBIDDEN, "The credential lacks the scope " + scope);
                    }
                }
            }
            case USER -> requireUser(principal);
            case USER_OR_SERVICE -> {
                if (!principal.isService()) {
                    requireUser(principal);
                }
            }
            case TENANT_ADMIN -> {
                requireUser(principal);
                if (!principal.isTenantAdmin() && !principal.isAdmin()) {
                    throw ApiError.of(ErrorCode.FORBIDDEN, "This needs the TENANT_ADMIN role");
                }
            }
            case ADMIN -> {
                requireUser(principal);
                if (!principal.isAdmin()) {
                    throw ApiError.of(ErrorCode.FORBIDDEN, "This needs the ADMIN role");
                }
            }
            case PROMPT_ENGINEER -> {
                requireUser(principal);
                if (!principal.isAdmin() && !principal.roles().contains(Role.PROMPT_ENGINEER)) {
                    throw ApiError.of(ErrorCode.FORBIDDEN, "This needs the PROMPT_ENGINEER or ADMIN role");
                }
            }
            case BILLING_ADMIN -> {
                requireUser(principal);
                if (!principal.isAdmin() && !principal.roles().contains(Role.BILLING_ADMIN)) {
                    throw ApiError.of(ErrorCode.FORBIDDEN, "This needs the BILLING_ADMIN or ADMIN role");
                }
            }
        }
    }

    private static void requireUser(Principal principal) {
        refuseService(principal);
        if (!principal.isUser()) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "This needs a user credential");
        }
    }

    /** Service keys reach only the routes open to services ({@link Access.Level#USER_OR_SERVICE}). */
    private static void refuseService(Principal principal) {
        if (principal.isService()) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "A service key may only consume and read quotas for its tenant's users");
        }
    }

    private static ApiError invalid() {
        return ApiError.of(ErrorCode.UNAUTHENTICATED, "The credential is not valid");
    }
}
