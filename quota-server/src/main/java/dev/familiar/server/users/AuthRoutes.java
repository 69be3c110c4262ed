package dev.familiar.server.users;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginRequest;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.auth.RegisterRequest;
import dev.familiar.model.auth.RegisterResponse;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.access.EffectiveRoles;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import dev.familiar.server.security.AddressRateLimit;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.tokens.IssuedToken;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Self-service registration and login of the {@code 002} API ({@code /api/v1/auth/register},
 * {@code /api/v1/auth/login}). A registered user gets a personal tenant and the USER role. Login answers the
 * same 401 for an unknown user and a wrong password, and is throttled per account and per client address.
 * Registration costs a slow password hash, so it is limited per client address (429 + {@code Retry-After}).
 * A login's token and {@code roles} hold the account's roles plus those its directory groups grant
 * ({@link EffectiveRoles}).
 */
public final class AuthRoutes implements RouteModule {
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    public static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1024;

    private final JsonBodies bodies;
    private final UserStore users;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final LoginThrottle throttle;
    private final AddressRateLimit registrations;
    private final AuditLog audit;
    private final Clock clock;
    private final EffectiveRoles effectiveRoles;
    /** A hash to verify against when the user does not exist, so both failures cost the same time. */
    private final String decoyHash;

    public AuthRoutes(JsonBodies bodies, UserStore users, PasswordHasher hasher, AccessTokens tokens,
                      LoginThrottle throttle, AddressRateLimit registrations, AuditLog audit, Clock clock,
                      EffectiveRoles effectiveRoles) {
        this.registrations = registrations;
        this.effectiveRoles = effectiveRoles;
        this.bodies = bodies;
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.decoyHash = hasher.hash(UUID.randomUUID().toString().toCharArray());
    }

    @Override
    public void register(RouteTable routes) {
        routes.post("/api/v1/auth/register", Access.PUBLIC, this::register);
        routes.post("/api/v1/auth/login", Access.PUBLIC, this::login);
    }

    private void register(Context ctx) throws Exception {
        RegisterRequest request = bodies.read(ctx, RegisterRequest.class);
        Validation v = new Validation();
        v.text("username", request.username(), 3, 64, USERNAME, "may hold only letters, digits and ._-");
        v.text("email", request.email(), 3, 320, EMAIL, "must be an e-mail address");
        password(v, request.password());
        v.check();
        OptionalLong wait = registrations.acquire(ctx.ip());
        if (wait.isPresent()) {
            audit.record(Auditor.entry(ctx, null, "anonymous", "user.register", "throttled", AuditEntry.Outcome.DENIED));
            throw new ApiError(ErrorCode.RATE_LIMITED, "Too many registrations from this address; try again later", 429,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL, wait.getAsLong()));
        }

        Instant now = clock.instant();
        User user = new User(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                request.username().toLowerCase(Locale.ROOT), Optional.of(request.email().toLowerCase(Locale.ROOT)),
                hasher.hash(request.password().toCharArray()), EnumSet.of(Role.USER), false, now);
        try {
            users.createWithTenant(user.username(), user);
        } catch (UserStore.AlreadyTaken e) {
            throw ApiError.of(ErrorCode.CONFLICT, "The username or e-mail address is already registered");
        }
        audit.record(Auditor.entry(ctx, user.tenantId(), user.id(), "user.register", user.id(), AuditEntry.Outcome.SUCCESS));
        // No directory roles here: a new account has its own new tenant and is in no group yet (local), and is no
        // platform account (Entra), so EffectiveRoles would only cost a directory call on a public route.
        IssuedToken token = tokens.issueForUser(user.id(), user.tenantId(), user.username(), user.roles());
        ctx.status(201).json(new RegisterResponse(user.id(), user.username(), user.email().orElse(null), token.token(),
                roleNames(user.roles()), user.createdAt()));
    }

    private void login(Context ctx) throws Exception {
        LoginRequest request = bodies.read(ctx, LoginRequest.class);
        Validation v = new Validation();
        v.text("username", request.username(), 1, 320, null, null);
        v.text("password", request.password(), 1, MAX_PASSWORD, null, null);
        v.check();

        String accountKey = "account:" + request.username().toLowerCase(Locale.ROOT);
        String addressKey = "address:" + ctx.ip();
        Optional<Duration> wait = throttle.waitFor(accountKey, addressKey);
        if (wait.isPresent()) {
            audit.record(Auditor.entry(ctx, null, "anonymous", "user.login", "throttled", AuditEntry.Outcome.DENIED));
            throw new ApiError(ErrorCode.RATE_LIMITED, "Too many failed logins; try again later", 429,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL, Math.max(1, wait.get().toSeconds())));
        }
        Optional<User> user = users.findByUsernameOrEmail(request.username());
        boolean valid = hasher.verify(request.password().toCharArray(), user.map(User::passwordHash).orElse(decoyHash))
                && user.isPresent();
        if (!valid) {
            throttle.failed(accountKey, addressKey);
            audit.record(Auditor.entry(ctx, user.map(User::tenantId).orElse(null), "anonymous", "user.login",
                    user.map(User::id).orElse("unknown-user"), AuditEntry.Outcome.FAILURE));
            throw ApiError.of(ErrorCode.UNAUTHENTICATED, "Invalid username or password");
        }
        User u = user.get();
        if (users.isLocked(u.id())) {
            // Said only to the holder of the right password: a wrong one gets the 401 above, locked or not.
            audit.record(Auditor.entry(ctx, u.tenantId(), u.id(), "user.login", u.id(), AuditEntry.Outcome.DENIED));
            throw ApiError.of(ErrorCode.FORBIDDEN, "This account is locked; ask an administrator to unlock it");
        }
        throttle.succeeded(accountKey);
        audit.record(Auditor.entry(ctx, u.tenantId(), u.id(), "user.login", u.id(), AuditEntry.Outcome.SUCCESS));
        // the account's roles plus those its directory groups grant, fixed in the token until the next login
        Set<Role> roles = effectiveRoles.of(u.id(), u.tenantId(), u.email(), u.roles());
        IssuedToken token = tokens.issueForUser(u.id(), u.tenantId(), u.username(), roles);
        ctx.json(new LoginResponse(u.id(), u.username(), token.token(), roleNames(roles), token.expiresAt(),
                u.mustChangePassword()));
    }

    /** The password rules of registration, shared by every route that sets a password. */
    public static void password(Validation v, String password) {
        password(v, "password", password);
    }

    /** The password rules of registration for a field of another name ({@code newPassword}). */
    public static void password(Validation v, String field, String password) {
        if (password == null || password.isEmpty()) {
            v.problem(field, "is required");
        } else if (password.length() < MIN_PASSWORD) {
            // Upstream quick starts use shorter passwords; say the minimum plainly so their users know what to change.
            v.problem(field, "must be at least " + MIN_PASSWORD + " characters long (this server's minimum)");
        } else if (password.length() > MAX_PASSWORD) {
            v.problem(field, "must be at most " + MAX_PASSWORD + " characters long");
        }
    }

    public static List<String> roleNames(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toList();
    }
}
