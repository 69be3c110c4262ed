package dev.familiar.model.auth;

import java.time.Instant;

/** One key in {@code GET /api/v1/auth/api-keys}: never the key itself. */
public record ApiKeyInfo(String id, String userId, String name, String keyPrefix, Instant createdAt, Instant expiresAt,
                         Instant revokedAt, String role) {
}
