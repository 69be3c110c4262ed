package dev.familiar.server.apikeys;

import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
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

/**
 * Creates, lists, revokes and verifies API keys. A USER key is bound to one user and carries that user's roles; a
 * SERVICE key is bound to its owner's tenant and carries only {@link Role#SERVICE}. A user holds at most
 * {@code keysPerUser} active keys.
 */
public final class ApiKeyService {
    /** The longest lifetime a key may be given ({@code expiresInDays} ≤ 3650, {@code expiresAt} ≤ now + this). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    /** What {@link #create} did. */
    public sealed interface Creation permits Created, LimitReached {
    }

    /** A created key: the stored record and the raw key, which is shown once and never stored. */
    public record Created(ApiKey key, String rawKey) implements Creation {
    }

    /** The owner already holds {@code limit} active keys; nothing was created. */
    public record LimitReached(int limit) implements Creation {
    }

    private final ApiKeyStore store;
    private final UserStore users;
    private final Clock clock;
    private final Duration defaultTtl;
    private final int keysPerUser;

    public ApiKeyService(ApiKeyStore store, UserStore users, Clock clock, Duration defaultTtl, int keysPerUser) {
        this.store = store;
        this.users = users;
        this.clock = clock;
        this.defaultTtl = defaultTtl;
        this.keysPerUser = keysPerUser;
    }

    /**
     * A key for {@code owner} (in the owner's tenant) expiring at {@code expiresAt}, else after {@code ttl}, else after
     * the default lifetime.
     */
    public Creation create(User owner, String name, Optional<Instant> expiresAt, Optional<Duration> ttl,
                           ApiKey.KeyRole role) throws SQLException {
        String raw = SecretTokens.generate(SecretTokens.API_KEY_PREFIX);
        Instant now = clock.instant();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), owner.tenantId(), owner.id(), name,
                raw.substring(0, SecretTokens.API_KEY_PREFIX.length() + 6), now,
                Optional.of(expiresAt.orElseGet(() -> now.plus(ttl.orElse(defaultTtl)))), Optional.empty(), role);
        if (!store.insertWithinLimit(key, SecretTokens.sha256(raw), keysPerUser)) {
            return new LimitReached(keysPerUser);
        }
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
        /** The caller this key makes: its owner, or for a SERVICE key the service of the key's tenant. */
        public Principal principal() {
            if (key.role() == ApiKey.KeyRole.SERVICE) {
                return new Principal(Principal.Kind.SERVICE_KEY, "service-key:" + key.id(), key.tenantId(),
                        Optional.empty(), key.name(), Set.of(Role.SERVICE), Set.of(), Optional.empty());
            }
            return new Principal(Principal.Kind.API_KEY, owner.id(), owner.tenantId(), Optional.of(owner.id()),
                    owner.username(), owner.roles(), Set.of(), Optional.empty());
        }

        /** The roles the key acts with. */
        public Set<Role> roles() {
            return principal().roles();
        }
    }
}
