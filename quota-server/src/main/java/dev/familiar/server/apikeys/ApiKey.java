package dev.familiar.server.apikeys;

import java.time.Instant;
import java.util.Optional;

/** A stored API key: its hash, never the key. */
public record ApiKey(String id, String tenantId, String userId, String name, String keyPrefix, Instant createdAt,
                     Optional<Instant> expiresAt, Optional<Instant> revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
