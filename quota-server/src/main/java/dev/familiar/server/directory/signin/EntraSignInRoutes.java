package dev.familiar.server.directory.signin;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.directory.EntraSignInConfig;
import dev.familiar.model.directory.EntraSignInRequest;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.config.EntraSettings;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.GroupRoles;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.security.AddressRateLimit;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.users.AuthRoutes;
import dev.familiar.server.users.UserStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Console sign-in with a Microsoft Entra account (envelope family, public): {@code GET /api/auth/entra/config} tells the
 * console whether and how ({@link EntraSignInConfig}); {@code POST /api/auth/entra/sign-in} exchanges an Entra ID token
 * for our access token ({@link EntraSignIn}). Without Entra settings the sign-in answers 404 {@code NOT_FOUND}. Sign-in
 * attempts are limited per client address and minute (each may cost a key fetch and a Graph call). Audited as
 * {@code auth.entra.sign-in}; the ID token is never logged, audited or echoed.
 */
public final class EntraSignInRoutes implements RouteModule {
    private static final Logger LOG = LoggerFactory.getLogger(EntraSignInRoutes.class);
    static final String AUDIT_ACTION = "auth.entra.sign-in";
    /** Entra ID tokens are a few kilobytes; anything far longer is not one. */
    static final int MAX_ID_TOKEN = 16_384;
    /** Sign-in attempts per address and minute, as a multiple of the registrations allowed (5 → 60). */
    static final int SIGN_INS_PER_REGISTRATION = 12;
    /** The scopes the console asks for: an ID token with the person's names; a refresh token for silent renewals. */
    public static final List<String> SCOPES = List.of("openid", "profile", "offline_access");

    private final JsonBodies bodies;
    private final EntraSettings settings;
    private final Optional<EntraSignIn> signIn;
    private final AddressRateLimit attempts;
    private final AuditLog audit;

    public EntraSignInRoutes(JsonBodies bodies, EntraSettings settings, Optional<EntraSignIn> signIn,
                             AddressRateLimit attempts, AuditLog audit) {
        this.bodies = bodies;
        this.settings = settings;
        this.signIn = signIn;
        this.attempts = attempts;
        this.audit = audit;
    }

    /** The routes over the server's parts; the sign-in exists only in Entra mode. */
    public static EntraSignInRoutes create(JsonBodies bodies, EntraSettings settings, Directory directory,
                                           GroupRoles groupRoles, DataSource ds, UserStore users, AccessTokens tokens,
                                           int registrationsPerMinute, AuditLog audit, Clock clock) {
        Optional<EntraSignIn> signIn = settings.enabled()
                ? Optional.of(new EntraSignIn(EntraTokenVerifier.forSettings(settings, clock), directory, groupRoles,
                        new ExternalIdentityStore(ds, users), tokens, clock))
                : Optional.empty();
        long perMinute = Math.min(Integer.MAX_VALUE, (long) registrationsPerMinute * SIGN_INS_PER_REGISTRATION);
        return new EntraSignInRoutes(bodies, settings, signIn, new AddressRateLimit((int) perMinute, clock), audit);
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/auth/entra/config", Access.PUBLIC, this::config);
        routes.post("/api/auth/entra/sign-in", Access.PUBLIC, this::signIn);
    }

    private void config(Context ctx) {
        ApiResponses.ok(ctx, settings.enabled()
                ? new EntraSignInConfig(true, settings.tenantAuthority().orElseThrow(), settings.tenantId().orElseThrow(),
                        settings.consoleClientId().orElseThrow(), SCOPES)
                : new EntraSignInConfig(false, null, null, null, null));
    }

    private void signIn(Context ctx) throws Exception {
        EntraSignInRequest request = bodies.read(ctx, EntraSignInRequest.class);
        Validation v = new Validation();
        if (request.idToken() == null || request.idToken().isBlank()) {
            v.problem("idToken", "is required");
        } else if (request.idToken().length() > MAX_ID_TOKEN) {
            v.problem("idToken", "must be at most " + MAX_ID_TOKEN + " characters long");
        }
        v.check();
        OptionalLong wait = attempts.acquire(ctx.ip());
        if (wait.isPresent()) {
            audit.record(Auditor.entry(ctx, null, "anonymous", AUDIT_ACTION, "throttled", AuditEntry.Outcome.DENIED));
            throw new ApiError(ErrorCode.RATE_LIMITED, "Too many sign-ins from this address; try again later", 429,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL, wait.getAsLong()));
        }
        if (signIn.isEmpty()) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "Sign-in with Microsoft Entra is not enabled on this server "
                    + "(it has no FAMILIAR_ENTRA_TENANT_ID); sign in with a username and password");
        }
        EntraSignIn.Outcome outcome = signIn.get().signIn(request.idToken());
        if (outcome instanceof EntraSignIn.SignedIn s) {
            audit.record(Auditor.entry(ctx, s.user().tenantId(), s.user().id(), AUDIT_ACTION, s.user().id(),
                    AuditEntry.Outcome.SUCCESS));
            LOG.info("Entra sign-in of account {} ({}), roles {}", s.user().id(), s.created() ? "created" : "existing",
                    AuthRoutes.roleNames(s.roles()));
            ApiResponses.ok(ctx, new LoginResponse(s.user().id(), s.user().username(), s.token().token(),
                    AuthRoutes.roleNames(s.roles()), s.token().expiresAt(), false));
        } else if (outcome instanceof EntraSignIn.BadToken b) {
            audit.record(Auditor.entry(ctx, null, "anonymous", AUDIT_ACTION, "id-token", AuditEntry.Outcome.FAILURE));
            throw ApiError.of(ErrorCode.UNAUTHENTICATED, "Entra sign-in refused: " + b.reason());
        } else if (outcome instanceof EntraSignIn.Refused r) {
            audit.record(Auditor.entry(ctx, null, "entra:" + r.identity().objectId(), AUDIT_ACTION,
                    r.userId().orElse("entra:" + r.identity().objectId()) + " " + r.reason().name().toLowerCase(),
                    AuditEntry.Outcome.DENIED));
            throw ApiError.of(ErrorCode.FORBIDDEN, switch (r.reason()) {
                case NO_ROLE -> "Your Entra account is in no group that grants access to Familiar; "
                        + "ask an administrator to add you to a mapped group";
                case LOCKED -> "This account is locked; ask an administrator to unlock it";
                case DELETED -> "This account was deleted; ask an administrator";
            });
        } else if (outcome instanceof EntraSignIn.Unavailable u) {
            audit.record(Auditor.entry(ctx, null, "anonymous", AUDIT_ACTION, "unavailable", AuditEntry.Outcome.FAILURE));
            Optional<DirectoryException> cause = u.cause();
            if (cause.isPresent() && cause.get().kind() == DirectoryException.Kind.THROTTLED) {
                long seconds = cause.get().retryAfter().map(Duration::toSeconds).orElse(5L);
                throw new ApiError(ErrorCode.SERVICE_UNAVAILABLE, "Entra sign-in: " + u.message(), 503,
                        Map.of(ApiResponses.RETRY_AFTER_DETAIL, Math.max(1, seconds)));
            }
            throw ApiError.of(ErrorCode.UPSTREAM_FAILED, "Entra sign-in: " + u.message());
        }
    }
}
