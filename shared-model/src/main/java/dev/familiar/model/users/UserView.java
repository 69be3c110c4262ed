package dev.familiar.model.users;

import java.time.Instant;
import java.util.List;

/**
 * A user account as the admin API shows it ({@code GET /api/admin/users[/{id}]}). {@code roles} are sorted names
 * ({@code USER}, {@code TENANT_ADMIN}, {@code ADMIN}); {@code email} and {@code lockedAt} may be null.
 */
public record UserView(String id, String tenantId, String username, String email, List<String> roles,
                       UserStatus status, boolean mustChangePassword, Instant createdAt, Instant lockedAt) {
}
