package dev.familiar.model.auth;

import java.time.Instant;
import java.util.List;

/** 200 of {@code GET /api/v1/auth/api-keys/validate}. */
public record ApiKeyValidation(String userId, String name, Instant expiresAt, List<String> roles) {
}
