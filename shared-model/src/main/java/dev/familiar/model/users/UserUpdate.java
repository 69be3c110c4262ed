package dev.familiar.model.users;

import java.util.List;

/**
 * {@code PATCH /api/admin/users/{id}}: new roles (a non-empty set of {@code USER}, {@code TENANT_ADMIN},
 * {@code ADMIN}), lock ({@code true}) or unlock ({@code false}), or both. A null field is left as it is.
 */
public record UserUpdate(List<String> roles, Boolean locked) {
    public static UserUpdate roles(List<String> roles) {
        return new UserUpdate(roles, null);
    }

    public static UserUpdate locked(boolean locked) {
        return new UserUpdate(null, locked);
    }
}
