package dev.familiar.model.auth;

import java.time.Instant;
import java.util.List;

/**
 * 200 of {@code POST /api/v1/auth/login}, and of the routes that answer like a login (accepting an invitation or a
 * password-reset code, changing one's password). {@code mustChangePassword} is true for an account whose password
 * was handed out once (the first administrator's one-time password): change it with {@code POST /api/v1/auth/password}.
 */
public record LoginResponse(String userId, String username, String token, List<String> roles, Instant expiresAt,
                            boolean mustChangePassword) {
    /** A login of an account that need not change its password. */
    public LoginResponse(String userId, String username, String token, List<String> roles, Instant expiresAt) {
        this(userId, username, token, roles, expiresAt, false);
    }
}
