package dev.familiar.server.directory.access;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.model.directory.RoleMappings;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.auth.Role;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET/PUT /api/admin/directory/role-mappings} (ADMIN, envelope): which directory groups grant which roles.
 * PUT replaces the whole set: at most {@link #MAX_MAPPINGS} entries, roles PROMPT_ENGINEER, BILLING_ADMIN,
 * TENANT_ADMIN or ADMIN, no entry twice, every group known to the directory (else 400 naming it; a directory that
 * cannot answer: 502, or 503 with Retry-After while it throttles us). Replacements are audited
 * ({@code directory.role-mappings.replace}, target {@code before=N after=M}).
 */
public final class RoleMappingRoutes implements RouteModule {
    public static final String PATH = "/api/admin/directory/role-mappings";
    public static final int MAX_MAPPINGS = 200;
    /** Entra object ids (GUIDs) and local ids ({@code grp_} + hex) both fit. */
    static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String ROLES = "PROMPT_ENGINEER, BILLING_ADMIN, TENANT_ADMIN or ADMIN";

    private final JsonBodies bodies;
    private final RoleMappingAdministration mappings;
    private final AuditLog audit;

    public RoleMappingRoutes(JsonBodies bodies, RoleMappingAdministration mappings, AuditLog audit) {
        this.bodies = bodies;
        this.mappings = mappings;
        this.audit = audit;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get(PATH, Access.ADMIN, this::list);
        routes.put(PATH, Access.ADMIN, this::replace);
    }

    private void list(Context ctx) throws SQLException {
        ApiResponses.ok(ctx, mappings.list());
    }

    private void replace(Context ctx) throws SQLException {
        RoleMappings body = bodies.read(ctx, RoleMappings.class);
        List<GroupRole> wanted = checked(body);
        String by = Principals.require(ctx).subject();
        RoleMappingAdministration.ReplaceOutcome outcome = mappings.replace(wanted, by);
        if (outcome instanceof RoleMappingAdministration.Replaced replaced) {
            audit.record(Auditor.entry(ctx, null, "directory.role-mappings.replace",
                    "before=" + replaced.before() + " after=" + wanted.size(), AuditEntry.Outcome.SUCCESS));
            ApiResponses.ok(ctx, replaced.mappings());
        } else if (outcome instanceof RoleMappingAdministration.UnknownGroups unknown) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (int i = 0; i < wanted.size(); i++) {
                if (unknown.groupIds().contains(wanted.get(i).groupId())) {
                    fields.putIfAbsent("items[" + i + "].groupId", "is not a group of the directory");
                }
            }
            throw new ApiError(ErrorCode.VALIDATION_FAILED, "No directory group has the id "
                    + String.join(", ", unknown.groupIds()), 400, Map.of("fields", fields));
        } else if (outcome instanceof RoleMappingAdministration.DirectoryFailed failed) {
            throw DirectoryErrors.toApiError(failed.failure());
        }
    }

    /** The body's mappings in order, or a 400 naming every bad entry. */
    private static List<GroupRole> checked(RoleMappings body) {
        Validation v = new Validation();
        List<RoleMapping> items = body == null ? null : body.items();
        if (items == null) {
            v.problem("items", "is required: a list of {groupId, role} (an empty list removes every mapping)");
            v.check();
        }
        if (items.size() > MAX_MAPPINGS) {
            v.problem("items", "must hold at most " + MAX_MAPPINGS + " mappings");
            v.check();
        }
        List<GroupRole> out = new ArrayList<>();
        Map<GroupRole, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            RoleMapping item = items.get(i);
            String at = "items[" + i + "]";
            if (item == null) {
                v.problem(at, "must be an object {groupId, role}");
                continue;
            }
            String groupId = v.text(at + ".groupId", item.groupId(), 1, 64, GROUP_ID, "must be a directory group id");
            Role role = grantable(item.role());
            if (role == null) {
                v.problem(at + ".role", item.role() == null ? "is required: " + ROLES : "must be " + ROLES);
            }
            if (role != null && groupId != null && GROUP_ID.matcher(groupId).matches()) {
                GroupRole mapping = new GroupRole(groupId, role);
                Integer first = seen.putIfAbsent(mapping, i);
                if (first != null) {
                    v.problem(at, "repeats items[" + first + "] (the same group and role)");
                } else {
                    out.add(mapping);
                }
            }
        }
        v.check();
        return out;
    }

    private static Role grantable(String name) {
        if (name == null) {
            return null;
        }
        return GroupRole.GRANTABLE.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
