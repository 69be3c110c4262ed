package dev.familiar.model.auth;

import java.time.Instant;
import java.util.List;

/** 201 of {@code POST /api/v1/auth/register}: the new user and an access token. */
public record RegisterResponse(String userId, String username, String email, String token, List<String> roles,
                               Instant createdAt) {
}
