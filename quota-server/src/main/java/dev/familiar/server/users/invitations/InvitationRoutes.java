package dev.familiar.server.users.invitations;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.users.AcceptInvitationRequest;
import dev.familiar.server.users.UserStore;
import dev.familiar.model.users.InvitationIssued;
import dev.familiar.model.users.InvitationRequest;
import dev.familiar.model.users.PasswordChangeRequest;
import dev.familiar.model.users.PasswordResetIssued;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.access.EffectiveRoles;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RequestContextFilter;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.security.AddressRateLimit;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.tokens.IssuedToken;
import dev.familiar.server.users.AuthRoutes;
import dev.familiar.server.users.User;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Invitations, password-reset codes and password changes (issue 13):
 * <ul>
 *   <li>{@code POST /api/admin/users/invitations} and {@code POST /api/admin/users/{id}/password-reset} (envelope;
 *       ADMIN, or TENANT_ADMIN in their own tenant) answer a one-time code, shown once;</li>
 *   <li>{@code POST /api/v1/auth/invitations/accept} (public, the 002 family's plain bodies, limited per client
 *       address like registration) sets the password with either kind of code and answers like a login;</li>
 *   <li>{@code POST /api/v1/auth/password} (a logged-in user's token) changes the password and answers like a
 *       login; it is where a {@code mustChangePassword} login (the first administrator) goes.</li>
 * </ul>
 * An unknown code gets one message whatever was sent; a used, replaced or expired code says which, since only its
 * holder can see that.
 */
public final class InvitationRoutes implements RouteModule {
    static final Set<Role> GRANTABLE = EnumSet.of(Role.USER, Role.TENANT_ADMIN, Role.ADMIN, Role.PROMPT_ENGINEER,
            Role.BILLING_ADMIN);

    private final JsonBodies bodies;
    private final Invitations invitations;
    private final UserCodes codes;
    private final PasswordChanges passwords;
    private final AccessTokens tokens;
    private final AddressRateLimit acceptances;
    private final AuditLog audit;
    private final UserStore users;
    private final EffectiveRoles effectiveRoles;

    public InvitationRoutes(JsonBodies bodies, Invitations invitations, UserCodes codes, PasswordChanges passwords,
                            AccessTokens tokens, AddressRateLimit acceptances, AuditLog audit, UserStore users,
                            EffectiveRoles effectiveRoles) {
        this.users = users;
        this.effectiveRoles = effectiveRoles;
        this.bodies = bodies;
        this.invitations = invitations;
        this.codes = codes;
        this.passwords = passwords;
        this.tokens = tokens;
        this.acceptances = acceptances;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/admin/users/invitations", Access.TENANT_ADMIN, this::invite);
        routes.post("/api/admin/users/{id}/password-reset", Access.TENANT_ADMIN, this::passwordReset);
        routes.post("/api/v1/auth/invitations/accept", Access.PUBLIC, this::accept);
        routes.post("/api/v1/auth/password", Access.USER, this::changePassword);
    }

    private void invite(Context ctx) throws Exception {
        InvitationRequest request = bodies.read(ctx, InvitationRequest.class);
        Validation v = new Validation();
        v.text("email", request.email() == null ? null : request.email().trim(), 3, 320, AuthRoutes.EMAIL,
                "must be an e-mail address");
        v.optionalUuid("tenantId", request.tenantId());
        Set<Role> roles = roles(v, request.roles());
        v.check();
        Invitations.InviteOutcome outcome = invitations.invite(Principals.require(ctx), request.email().trim(),
                Optional.ofNullable(request.tenantId()), roles, caller(ctx));
        if (outcome instanceof Invitations.Invited invited) {
            ApiResponses.ok(ctx, 201, new InvitationIssued(invited.issued().userId(), invited.issued().code(),
                    invited.issued().expiresAt()));
        } else if (outcome instanceof Invitations.EmailTaken) {
            throw ApiError.of(ErrorCode.CONFLICT, "An account with this e-mail address already exists");
        } else if (outcome instanceof Invitations.UnknownTenant) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No such tenant", 404,
                    Map.of("fields", Map.of("tenantId", "names no tenant")));
        } else if (outcome instanceof Invitations.NotAllowed refused) {
            throw ApiError.of(ErrorCode.FORBIDDEN, refused.reason());
        }
    }

    private void passwordReset(Context ctx) throws Exception {
        String userId = ctx.pathParam("id");
        Validation v = new Validation();
        v.uuid("id", userId);
        v.check();
        Invitations.ResetOutcome outcome = invitations.passwordReset(Principals.require(ctx), userId, caller(ctx));
        if (outcome instanceof Invitations.ResetIssued issued) {
            ApiResponses.ok(ctx, 201, new PasswordResetIssued(issued.issued().code(), issued.issued().expiresAt()));
        } else if (outcome instanceof Invitations.NoSuchUser) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No such user");
        } else if (outcome instanceof Invitations.NotAllowed refused) {
            throw ApiError.of(ErrorCode.FORBIDDEN, refused.reason());
        } else if (outcome instanceof Invitations.NoPassword) {
            throw ApiError.of(ErrorCode.CONFLICT,
                    "This user is an end user of a service key: it never logs in and has no password");
        }
    }

    private void accept(Context ctx) throws Exception {
        AcceptInvitationRequest request = bodies.read(ctx, AcceptInvitationRequest.class);
        Validation v = new Validation();
        v.text("code", request.code(), 1, 100, null, null);
        AuthRoutes.password(v, request.password());
        v.check();
        OptionalLong wait = acceptances.acquire(ctx.ip());
        if (wait.isPresent()) {
            audit.record(Auditor.entry(ctx, null, "anonymous", "user.code.accept", "throttled", AuditEntry.Outcome.DENIED));
            throw new ApiError(ErrorCode.RATE_LIMITED, "Too many attempts from this address; try again later", 429,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL, wait.getAsLong()));
        }
        UserCodes.Acceptance outcome = codes.accept(request.code().trim(), request.password(), caller(ctx));
        if (outcome instanceof UserCodes.Accepted accepted) {
            if (users.isLocked(accepted.user().id())) {
                // The password is set (an administrator may have reset it while the account is locked), but a locked
                // account gets no session: the same answer as its login.
                audit.record(Auditor.entry(ctx, accepted.user().tenantId(), accepted.user().id(), "user.code.accept",
                        accepted.user().id(), AuditEntry.Outcome.DENIED));
                throw ApiError.of(ErrorCode.FORBIDDEN, "This account is locked; ask an administrator to unlock it");
            }
            loggedIn(ctx, accepted.user());
        } else if (outcome instanceof UserCodes.Refused refused) {
            throw codeProblem(switch (refused.reason()) {
                case UNKNOWN -> "is not a valid code";
                case USED -> "has already been used; log in with your password, or ask for a password reset";
                case REPLACED -> "has been replaced by a newer code; use the newest one";
                case EXPIRED -> "has expired; ask for a new one";
            });
        }
    }

    private void changePassword(Context ctx) throws Exception {
        Principal principal = Principals.require(ctx);
        if (principal.kind() != Principal.Kind.USER_TOKEN) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "Change your password with the token of a login, not an API key");
        }
        PasswordChangeRequest request = bodies.read(ctx, PasswordChangeRequest.class);
        Validation v = new Validation();
        v.text("currentPassword", request.currentPassword(), 1, 1024, null, null);
        AuthRoutes.password(v, "newPassword", request.newPassword());
        v.check();
        PasswordChanges.Outcome outcome = passwords.change(principal.userId().orElseThrow(), request.currentPassword(),
                request.newPassword(), caller(ctx));
        if (outcome instanceof PasswordChanges.Changed changed) {
            loggedIn(ctx, changed.user());
        } else if (outcome instanceof PasswordChanges.WrongCurrent) {
            throw fieldProblem("The current password is wrong", "currentPassword", "is not your current password");
        } else if (outcome instanceof PasswordChanges.SameAsCurrent) {
            throw fieldProblem("The new password is the current one", "newPassword",
                    "must differ from the current password");
        } else if (outcome instanceof PasswordChanges.Throttled throttled) {
            throw new ApiError(ErrorCode.RATE_LIMITED, "Too many failed attempts; try again later", 429,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL, Math.max(1, throttled.retryAfter().toSeconds())));
        } else if (outcome instanceof PasswordChanges.ChangedMeanwhile) {
            throw ApiError.of(ErrorCode.CONFLICT, "The password was changed or reset meanwhile; nothing was changed");
        } else if (outcome instanceof PasswordChanges.NoSuchUser) {
            throw ApiError.of(ErrorCode.UNAUTHENTICATED, "The account no longer exists");
        }
    }

    /** The body of a login, so a client goes on exactly as after {@code POST /api/v1/auth/login}. */
    private void loggedIn(Context ctx, User user) {
        Set<Role> roles = effectiveRoles.of(user.id(), user.tenantId(), user.email(), user.roles());
        IssuedToken token = tokens.issueForUser(user.id(), user.tenantId(), user.username(), roles);
        ctx.json(new LoginResponse(user.id(), user.username(), token.token(), AuthRoutes.roleNames(roles),
                token.expiresAt(), user.mustChangePassword()));
    }

    private static Set<Role> roles(Validation v, List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names == null || names.isEmpty()) {
            v.problem("roles", "must name at least one of USER, TENANT_ADMIN, ADMIN, PROMPT_ENGINEER, BILLING_ADMIN");
            return roles;
        }
        for (String name : names) {
            Optional<Role> role = GRANTABLE.stream().filter(r -> r.name().equals(name)).findFirst();
            if (role.isEmpty()) {
                v.problem("roles", "may hold only USER, TENANT_ADMIN, ADMIN, PROMPT_ENGINEER, BILLING_ADMIN");
            } else {
                roles.add(role.get());
            }
        }
        return roles;
    }

    private static ApiError codeProblem(String problem) {
        return new ApiError(ErrorCode.VALIDATION_FAILED, "The code " + problem, 400,
                Map.of("fields", Map.of("code", problem)));
    }

    private static ApiError fieldProblem(String message, String field, String problem) {
        return new ApiError(ErrorCode.VALIDATION_FAILED, message, 400, Map.of("fields", Map.of(field, problem)));
    }

    private static Caller caller(Context ctx) {
        String actor = Principals.current(ctx).map(Principal::subject).orElse("anonymous");
        return new Caller(actor, RequestContextFilter.current(ctx).requestId(), ctx.ip());
    }
}
