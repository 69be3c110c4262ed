package dev.familiar.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map whose entries disappear at their own expiry: verified credentials, so that an ES256 signature
 * check or an API-key lookup happens once per credential instead of once per request. When full, expired
 * entries are dropped, and if that is not enough the whole map is (a cold cache is only slower). Thread-safe.
 */
public final class ExpiringCache<V> {
    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Clock clock;

    public ExpiringCache(int maxEntries, Clock clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public Optional<V> get(String key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    public void put(String key, V value, Instant expiresAt) {
        if (!clock.instant().isBefore(expiresAt)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(key, new Entry<>(value, expiresAt));
    }

    public void invalidateKey(String key) {
        entries.remove(key);
    }

    public void invalidateIf(java.util.function.Predicate<V> condition) {
        entries.values().removeIf(e -> condition.test(e.value()));
    }

    int size() {
        return entries.size();
    }
}
