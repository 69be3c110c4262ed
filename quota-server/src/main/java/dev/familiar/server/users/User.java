package dev.familiar.server.users;

import dev.familiar.server.auth.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A user account. {@code passwordHash} is a self-describing hash, never the password. */
public record User(String id, String tenantId, String username, Optional<String> email, String passwordHash,
                   Set<Role> roles, boolean mustChangePassword, Instant createdAt) {
    public User {
        roles = Set.copyOf(roles);
    }
}
