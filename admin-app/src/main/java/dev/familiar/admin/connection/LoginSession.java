package dev.familiar.admin.connection;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who a connection is logged in as, after a password login. The session token itself stays inside the
 * connection's client and is not part of this record.
 *
 * @param username  the username the server answered with
 * @param roles     the user's roles, such as {@code ADMIN}
 * @param expiresAt when the session token expires; calls after that are refused until the operator reconnects
 */
public record LoginSession(String username, List<String> roles, Instant expiresAt) {

    public LoginSession {
        Objects.requireNonNull(username, "username");
        roles = roles == null ? List.of() : List.copyOf(roles);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the token has expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** "ops (ADMIN)", or just "ops" without roles. */
    public String describe() {
        return roles.isEmpty() ? username : username + " (" + String.join(", ", roles) + ")";
    }
}
