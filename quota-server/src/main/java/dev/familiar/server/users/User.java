package dev.familiar.server.users;

import dev.familiar.server.auth.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A user account. {@code passwordHash} is a self-describing hash, never the password. */
public record User(String id, String tenantId, String username, Optional<String> email, String passwordHash,
                   Set<Role> roles, boolean mustChangePassword, Instant createdAt) {
    /**
     * The password hash of external users (end users of a tenant's backend, created by its service key): no password
     * verifies against it, so they cannot log in.
     */
    public static final String NO_PASSWORD = "!external";
    /**
     * The password hash of an invited account (and of a signed-up organisation's owner) until its invitation code is
     * accepted with a password: no password verifies against it, so it cannot log in yet.
     */
    public static final String INVITED = "!invited";

    public User {
        roles = Set.copyOf(roles);
    }

    /** An end user created by a tenant's service key: no password, no login, no API keys. */
    public boolean isExternal() {
        return NO_PASSWORD.equals(passwordHash);
    }

    /** Invited (or a signed-up owner) and not yet accepted: no password, no login. */
    public boolean isInvited() {
        return INVITED.equals(passwordHash);
    }
}
