package dev.familiar.server.auth;

import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller of one request.
 *
 * @param kind     how the caller proved who it is
 * @param subject  the user id, {@code activation:<family id>} for a UC-17 client plugin, or
 *                 {@code service-key:<key id>} for a tenant's service key
 * @param tenantId the tenant every object look-up is filtered by
 * @param userId   present for users (token or API key), empty for activation tokens and service keys
 * @param scopes   what an activation token may do; users are not limited by scopes
 * @param domain   the domain an activation token is bound to
 */
public record Principal(Kind kind, String subject, String tenantId, Optional<String> userId, String username,
                        Set<Role> roles, Set<String> scopes, Optional<String> domain) {

    public enum Kind { USER_TOKEN, API_KEY, ACTIVATION_TOKEN, SERVICE_KEY }

    public Principal {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean isTenantAdmin() {
        return roles.contains(Role.TENANT_ADMIN);
    }

    public boolean isUser() {
        return userId.isPresent();
    }

    /** A tenant's service key: acts for the users of {@link #tenantId()} on the routes open to services only. */
    public boolean isService() {
        return kind == Kind.SERVICE_KEY;
    }

    public boolean hasScope(String scope) {
        return (kind != Kind.ACTIVATION_TOKEN && kind != Kind.SERVICE_KEY) || scopes.contains(scope);
    }

    /** Whether this caller may act for {@code targetUserId} of {@code targetTenantId}: self, its tenant admin, or ADMIN. */
    public boolean mayActFor(String targetUserId, String targetTenantId) {
        if (isAdmin()) {
            return true;
        }
        if (isTenantAdmin() && tenantId.equals(targetTenantId)) {
            return true;
        }
        return userId.map(targetUserId::equals).orElse(false);
    }
}
