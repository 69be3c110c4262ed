package dev.familiar.server.users;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts recent failures per key (an account or a client address) for {@link LoginThrottle}. In team mode the
 * counts live in Redis so every server sees the same; embedded, in memory.
 */
public interface FailureStore {
    /** The failures recorded for {@code key} within the window, and when the last one happened. */
    record Failures(int count, Instant last) {
        public static final Failures NONE = new Failures(0, Instant.EPOCH);
    }

    Failures get(String key);

    /** Adds one failure at {@code at}; the count is forgotten {@code window} after the last failure. */
    Failures add(String key, Instant at, Duration window);

    void clear(String key);
}
