package dev.familiar.model.auth;

import java.time.Instant;

/**
 * 201 of {@code POST /api/v1/auth/api-keys}. The raw key is shown this once, as {@code rawKey} and (for upstream
 * clients) {@code apiKey}, the same value; the server keeps only a hash. {@code role} is {@code USER} or
 * {@code SERVICE}.
 */
public record ApiKeyCreated(String id, String userId, String tenantId, String name, String keyPrefix, String rawKey,
                            String apiKey, String role, Instant createdAt, Instant expiresAt) {
}
