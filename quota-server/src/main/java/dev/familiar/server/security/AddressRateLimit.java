package dev.familiar.server.security;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Costly public calls per client address (sign-ups, registrations: one limiter each): at most {@code perMinute} in
 * each clock minute, counted per server (N servers behind a balancer admit up to N times as many). Answers how many
 * seconds to wait when the address is over its allowance. Thread-safe.
 */
public final class AddressRateLimit {
    private record Window(long minute, int count) {
    }

    private static final int MAX_ADDRESSES = 100_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public AddressRateLimit(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts one call of {@code address}; empty when allowed, else the seconds until the next minute. */
    public OptionalLong acquire(String address) {
        long nowSeconds = clock.instant().getEpochSecond();
        long minute = nowSeconds / 60;
        if (windows.size() > MAX_ADDRESSES) {
            windows.entrySet().removeIf(e -> e.getValue().minute() < minute);
        }
        Window w = windows.compute(address, (k, old) -> old == null || old.minute() != minute
                ? new Window(minute, 1) : new Window(minute, old.count() + 1));
        if (w.count() <= perMinute) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (minute + 1) * 60 - nowSeconds));
    }
}
