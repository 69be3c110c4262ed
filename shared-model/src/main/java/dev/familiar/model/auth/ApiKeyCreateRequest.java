package dev.familiar.model.auth;

/**
 * {@code POST /api/v1/auth/api-keys}: a key for {@code userId}; {@code tenantId}, when given, must be that user's
 * tenant. The lifetime is {@code expiresInDays} (1-3650) or an ISO-8601 instant {@code expiresAt} (in the future, at
 * most 3650 days ahead), never both; without either, the server's default. {@code role} is {@code USER} (default:
 * the key acts as its user) or {@code SERVICE} (the tenant's backend; created by an ADMIN or a TENANT_ADMIN).
 */
public record ApiKeyCreateRequest(String userId, String name, String tenantId, Integer expiresInDays, String expiresAt,
                                  String role) {
}
