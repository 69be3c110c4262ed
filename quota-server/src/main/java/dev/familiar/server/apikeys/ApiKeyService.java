package dev.familiar.server.apikeys;

import dev.familiar.server.auth.Principal;
import dev.familiar.server.security.SecretTokens;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creates, lists, revokes and verifies API keys. Keys are bound to one user and carry that user's roles. */
public final class ApiKeyService {
    /** A created key: the stored record and the raw key, which is shown once and never stored. */
    public record Created(ApiKey key, String rawKey) {
    }

    private final ApiKeyStore store;
    private final UserStore users;
    private final Clock clock;
    private final Duration defaultTtl;

    public ApiKeyService(ApiKeyStore store, UserStore users, Clock clock, Duration defaultTtl) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.defaultTtl = defaultTtl;
    }

    public Created create(User owner, String name, Optional<Duration> ttl) throws SQLException {
        String raw = SecretTokens.generate(SecretTokens.API_KEY_PREFIX);
        Instant now = clock.instant();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), owner.tenantId(), owner.id(), name,
                raw.substring(0, SecretTokens.API_KEY_PREFIX.length() + 6), now,
                Optional.of(now.plus(ttl.orElse(defaultTtl))), Optional.empty());
        store.insert(key, SecretTokens.sha256(raw));
        return new Created(key, raw);
    }

    /** The key and its owner when {@code rawKey} is a usable key (known, not revoked, not expired). */
    public Optional<Verified> verify(String rawKey) throws SQLException {
        if (rawKey == null || !rawKey.startsWith(SecretTokens.API_KEY_PREFIX) || rawKey.length() > 100) {
            return Optional.empty();
        }
        Optional<ApiKey> key = store.findByHash(SecretTokens.sha256(rawKey));
        if (key.isEmpty() || !key.get().usableAt(clock.instant())) {
            return Optional.empty();
        }
        return users.findById(key.get().userId()).map(owner -> new Verified(key.get(), owner));
    }

    /** A verified key with its owner. */
    public record Verified(ApiKey key, User owner) {
        public Principal principal() {
            return new Principal(Principal.Kind.API_KEY, owner.id(), owner.tenantId(), Optional.of(owner.id()),
                    owner.username(), owner.roles(), Set.of(), Optional.empty());
        }
    }
}
