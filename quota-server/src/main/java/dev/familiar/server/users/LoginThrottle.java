package dev.familiar.server.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing per account and per client address. The first {@link #FREE_FAILURES} failures
 * within {@link #WINDOW} cost nothing; after that each further attempt must wait 30 s, doubling per failure, up
 * to 15 minutes. A success clears the account's count (not the address's). Pure policy over a
 * {@link FailureStore} and a clock.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final FailureStore store;
    private final Clock clock;

    public LoginThrottle(FailureStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** How long the caller must still wait, if any of the keys is throttled now. */
    public Optional<Duration> waitFor(String... keys) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (String key : keys) {
            FailureStore.Failures failures = store.get(key);
            Duration remaining = Duration.between(now, failures.last().plus(delayAfter(failures.count())));
            if (remaining.compareTo(longest) > 0) {
                longest = remaining;
            }
        }
        return longest.isZero() || longest.isNegative() ? Optional.empty() : Optional.of(longest);
    }

    public void failed(String... keys) {
        Instant now = clock.instant();
        for (String key : keys) {
            store.add(key, now, WINDOW);
        }
    }

    public void succeeded(String accountKey) {
        store.clear(accountKey);
    }

    /** The wait imposed after {@code failures} failures: none up to the free ones, then 30 s doubling to 15 min. */
    static Duration delayAfter(int failures) {
        if (failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - FREE_FAILURES, 10);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
