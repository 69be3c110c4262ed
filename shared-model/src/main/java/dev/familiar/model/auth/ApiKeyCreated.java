package dev.familiar.model.auth;

import java.time.Instant;

/** 201 of {@code POST /api/v1/auth/api-keys}. {@code rawKey} is shown this once; the server keeps only a hash. */
public record ApiKeyCreated(String id, String userId, String tenantId, String name, String keyPrefix, String rawKey,
                            Instant createdAt, Instant expiresAt) {
}
