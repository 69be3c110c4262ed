package dev.familiar.model.users;

/**
 * The filters of {@code GET /api/admin/users}; every field may be null (not filtered). {@code search} is a prefix of
 * the username or e-mail (case does not matter), {@code role} one of {@code USER}, {@code TENANT_ADMIN}, {@code ADMIN},
 * {@code limit} 1-100 (default 50), {@code cursor} the previous page's {@code nextCursor}.
 */
public record UserQuery(String search, String tenantId, String role, UserStatus status, String cursor, Integer limit) {
    public static UserQuery all() {
        return new UserQuery(null, null, null, null, null, null);
    }

    public UserQuery withSearch(String value) {
        return new UserQuery(value, tenantId, role, status, cursor, limit);
    }

    public UserQuery withTenant(String value) {
        return new UserQuery(search, value, role, status, cursor, limit);
    }

    public UserQuery withRole(String value) {
        return new UserQuery(search, tenantId, value, status, cursor, limit);
    }

    public UserQuery withStatus(UserStatus value) {
        return new UserQuery(search, tenantId, role, value, cursor, limit);
    }

    public UserQuery withCursor(String value) {
        return new UserQuery(search, tenantId, role, status, value, limit);
    }

    public UserQuery withLimit(Integer value) {
        return new UserQuery(search, tenantId, role, status, cursor, value);
    }
}
