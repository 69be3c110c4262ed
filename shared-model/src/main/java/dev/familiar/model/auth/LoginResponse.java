package dev.familiar.model.auth;

import java.time.Instant;
import java.util.List;

/** 200 of {@code POST /api/v1/auth/login}. */
public record LoginResponse(String userId, String username, String token, List<String> roles, Instant expiresAt) {
}
