package dev.familiar.server.users.admin;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.users.UserList;
import dev.familiar.model.users.UserStatus;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.auth.Role;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API of user accounts: {@code GET /api/admin/users} (search, filters, keyset paging by username),
 * {@code GET/PATCH/DELETE /api/admin/users/{id}}. Open to ADMIN (every tenant) and TENANT_ADMIN (their tenant only:
 * naming another {@code tenantId} in the list is a 403, another tenant's user is a 404).
 */
public final class UserAdminRoutes implements RouteModule {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    private static final String CURSOR_PREFIX = "u:";
    private static final Set<Role> ASSIGNABLE = EnumSet.of(Role.USER, Role.TENANT_ADMIN, Role.ADMIN, Role.PROMPT_ENGINEER,
            Role.BILLING_ADMIN);

    private final JsonBodies bodies;
    private final UserAdministration administration;

    public UserAdminRoutes(JsonBodies bodies, UserAdministration administration) {
        this.bodies = bodies;
        this.administration = administration;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/users", Access.TENANT_ADMIN, this::list);
        routes.get("/api/admin/users/{id}", Access.TENANT_ADMIN, this::get);
        routes.patch("/api/admin/users/{id}", Access.TENANT_ADMIN, this::update);
        routes.delete("/api/admin/users/{id}", Access.TENANT_ADMIN, this::delete);
    }

    private void list(Context ctx) throws SQLException {
        Validation v = new Validation();
        String search = ctx.queryParam("search");
        if (search != null) {
            v.text("search", search, 1, 320, null, null);
            v.require(search.chars().noneMatch(ch -> ch < 0x20), "search", "must not contain control characters");
        }
        String tenantId = v.optionalUuid("tenantId", ctx.queryParam("tenantId"));
        Optional<Role> role = role(v, ctx.queryParam("role"));
        Optional<UserStatus> status = status(v, ctx.queryParam("status"));
        Optional<String> after = cursor(v, ctx.queryParam("cursor"));
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        Principal caller = Principals.require(ctx);
        if (tenantId != null && !UserAdministration.mayList(caller, tenantId)) {
            throw ApiError.of(ErrorCode.FORBIDDEN, "A TENANT_ADMIN lists only the users of their own tenant");
        }
        UserDirectory.Filter filter = new UserDirectory.Filter(Optional.ofNullable(search).map(String::trim),
                Optional.ofNullable(tenantId), role, status);
        List<Account> page = administration.list(caller, filter, after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = encodeCursor(page.get(limit - 1).user().username());
        }
        ApiResponses.ok(ctx, new UserList(page.stream().map(Account::view).toList(), next));
    }

    private void get(Context ctx) throws SQLException {
        String id = id(ctx);
        answer(ctx, administration.get(Principals.require(ctx), id));
    }

    private void update(Context ctx) throws SQLException {
        String id = id(ctx);
        UserUpdate body = bodies.read(ctx, UserUpdate.class);
        Validation v = new Validation();
        Optional<Set<Role>> roles = Optional.empty();
        if (body.roles() == null && body.locked() == null) {
            v.problem("$", "must set roles, locked or both");
        }
        if (body.roles() != null) {
            roles = Optional.of(roles(v, body.roles()));
        }
        v.check();
        answer(ctx, administration.update(caller(ctx), id, roles, Optional.ofNullable(body.locked())));
    }

    private void delete(Context ctx) throws SQLException {
        String id = id(ctx);
        answer(ctx, administration.delete(caller(ctx), id));
    }

    private static void answer(Context ctx, UserAdministration.Outcome outcome) {
        if (outcome instanceof UserAdministration.Done done) {
            ApiResponses.ok(ctx, done.account().view());
        } else if (outcome instanceof UserAdministration.Forbidden forbidden) {
            throw ApiError.of(ErrorCode.FORBIDDEN, forbidden.reason());
        } else if (outcome instanceof UserAdministration.LastAdmin) {
            throw ApiError.of(ErrorCode.CONFLICT,
                    "This is the last active ADMIN: it cannot be demoted, locked or deleted; make another ADMIN first");
        } else {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No such user");
        }
    }

    private static UserAdministration.Caller caller(Context ctx) {
        AuditEntry stamp = Auditor.entry(ctx, null, "", "", AuditEntry.Outcome.SUCCESS);
        return new UserAdministration.Caller(Principals.require(ctx), stamp.requestId(), stamp.clientAddress());
    }

    private static String id(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Validation.isUuid(id)) {
            throw ApiError.validation(java.util.Map.of("id", "must be a UUID"));
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    private static Set<Role> roles(Validation v, List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (names.isEmpty()) {
            v.problem("roles", "must name at least one role");
        }
        for (String name : names) {
            Optional<Role> role = ASSIGNABLE.stream().filter(r -> r.name().equals(name)).findFirst();
            if (role.isEmpty()) {
                v.problem("roles", "may hold only USER, TENANT_ADMIN, ADMIN, PROMPT_ENGINEER and BILLING_ADMIN");
            } else if (!roles.add(role.get())) {
                v.problem("roles", "must not name a role twice");
            }
        }
        return roles;
    }

    private static Optional<Role> role(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Role> role = ASSIGNABLE.stream().filter(r -> r.name().equals(text)).findFirst();
        v.require(role.isPresent(), "role", "must be USER, TENANT_ADMIN, ADMIN, PROMPT_ENGINEER or BILLING_ADMIN");
        return role;
    }

    private static Optional<UserStatus> status(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (UserStatus s : UserStatus.values()) {
            if (s.name().equals(text)) {
                return Optional.of(s);
            }
        }
        v.problem("status", "must be ACTIVE, LOCKED, INVITED, EXTERNAL or DELETED");
        return Optional.empty();
    }

    static String encodeCursor(String username) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + username).getBytes(StandardCharsets.UTF_8));
    }

    /** The username a cursor continues after; a cursor this server did not issue is a problem of {@code cursor}. */
    static Optional<String> cursor(Validation v, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (text.length() <= 200) {
                String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                if (decoded.startsWith(CURSOR_PREFIX) && decoded.length() > CURSOR_PREFIX.length()
                        && decoded.chars().noneMatch(ch -> ch < 0x20 || ch == 0xFFFD)) {
                    return Optional.of(decoded.substring(CURSOR_PREFIX.length()));
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64: the same answer as any other cursor we did not issue
        }
        v.problem("cursor", "is not a cursor this server issued; pass the nextCursor of the previous page");
        return Optional.empty();
    }
}
