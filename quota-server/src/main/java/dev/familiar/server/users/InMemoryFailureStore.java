package dev.familiar.server.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FailureStore} of one process (embedded mode). Expired entries are dropped when touched. */
public final class InMemoryFailureStore implements FailureStore {
    private record Entry(Failures failures, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryFailureStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Failures get(String key) {
        Entry entry = entries.get(key);
        if (entry == null || !entry.expiresAt().isAfter(clock.instant())) {
            return Failures.NONE;
        }
        return entry.failures();
    }

    @Override
    public Failures add(String key, Instant at, Duration window) {
        if (entries.size() > 100_000) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        }
        return entries.compute(key, (k, old) -> {
            int count = old == null || !old.expiresAt().isAfter(at) ? 1 : old.failures().count() + 1;
            return new Entry(new Failures(count, at), at.plus(window));
        }).failures();
    }

    @Override
    public void clear(String key) {
        entries.remove(key);
    }
}
