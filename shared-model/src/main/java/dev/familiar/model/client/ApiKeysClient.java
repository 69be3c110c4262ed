package dev.familiar.model.client;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.familiar.model.auth.ApiKeyCreateRequest;
import dev.familiar.model.auth.ApiKeyCreated;
import dev.familiar.model.auth.ApiKeyInfo;
import dev.familiar.model.auth.ApiKeyValidation;
import java.util.List;
import java.util.Objects;

/**
 * API keys ({@code /api/v1/auth/api-keys}, the {@code 002} plain family): a user manages their own, a TENANT_ADMIN
 * those of their tenant's users, an ADMIN anyone's. Naming someone else as a plain user is {@code FORBIDDEN} (403),
 * a user out of the caller's reach {@code NOT_FOUND} (404).
 */
public final class ApiKeysClient {
    private static final TypeReference<List<ApiKeyInfo>> KEYS = new TypeReference<>() {
    };
    private final ApiTransport transport;

    public ApiKeysClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * {@code POST /api/v1/auth/api-keys}: the answer holds the raw key, shown this once. A user holding the most
     * active keys allowed gets {@code CONFLICT} (409).
     */
    public ApiKeyCreated create(ApiKeyCreateRequest request) {
        return transport.post("api/v1/auth/api-keys").body(request).plain(ApiKeyCreated.class);
    }

    /** A USER key of {@code userId} named {@code name}, with the server's default lifetime. */
    public ApiKeyCreated create(String userId, String name) {
        return create(new ApiKeyCreateRequest(userId, name, null, null, null, null));
    }

    /** {@code GET /api/v1/auth/api-keys?userId=}: the user's keys, revoked and expired ones included, never the keys. */
    public List<ApiKeyInfo> list(String userId) {
        return transport.get("api/v1/auth/api-keys").query("userId", userId).plain(KEYS);
    }

    /** {@code DELETE /api/v1/auth/api-keys?userId=&apiKeyId=}; an unknown or already revoked key is 404. */
    public void revoke(String userId, String apiKeyId) {
        transport.delete("api/v1/auth/api-keys").query("userId", userId).query("apiKeyId", apiKeyId).plain(Void.class);
    }

    /**
     * {@code GET /api/v1/auth/api-keys/validate} with {@code rawKey} in {@code X-Api-Key} and no other credential; a
     * key that is unknown, revoked or expired is {@code UNAUTHENTICATED} (401).
     */
    public ApiKeyValidation validate(String rawKey) {
        return transport.get("api/v1/auth/api-keys/validate").anonymous().header("X-Api-Key", rawKey)
                .plain(ApiKeyValidation.class);
    }
}
