package dev.familiar.server.apikeys;

import java.time.Instant;
import java.util.Optional;

/**
 * A stored API key: its hash, never the key. A {@link KeyRole#USER} key acts as {@code userId} with that user's
 * roles; a {@link KeyRole#SERVICE} key is {@code tenantId}'s backend acting for that tenant's users, owned (listed,
 * revoked) by {@code userId}.
 */
public record ApiKey(String id, String tenantId, String userId, String name, String keyPrefix, Instant createdAt,
                     Optional<Instant> expiresAt, Optional<Instant> revokedAt, KeyRole role) {

    /** What a key may do; stored in {@code api_key.key_role}. */
    public enum KeyRole { USER, SERVICE }

    public boolean usableAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
