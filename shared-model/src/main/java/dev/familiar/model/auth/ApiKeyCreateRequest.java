package dev.familiar.model.auth;

/**
 * {@code POST /api/v1/auth/api-keys}: a key for {@code userId}; {@code tenantId}, when given, must be that user's
 * tenant; {@code expiresInDays} (1-3650) overrides the server's default lifetime.
 */
public record ApiKeyCreateRequest(String userId, String name, String tenantId, Integer expiresInDays) {
}
