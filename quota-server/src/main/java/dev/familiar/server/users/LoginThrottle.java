package dev.familiar.server.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing per account and per client address. The first {@link #FREE_FAILURES} failures of
 * an account ({@link #FREE_ADDRESS_FAILURES} of an address, which many users may share behind one NAT) within
 * {@link #WINDOW} cost nothing; after that each further attempt must wait 30 s, doubling per failure, up to 15
 * minutes. A success clears the account's count (not the address's). Pure policy over a {@link FailureStore}
 * and a clock.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final int FREE_ADDRESS_FAILURES = 20;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final FailureStore store;
    private final Clock clock;

    public LoginThrottle(FailureStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** How long the caller must still wait, if the account or the address is throttled now. */
    public Optional<Duration> waitFor(String accountKey, String addressKey) {
        Instant now = clock.instant();
        Duration account = remaining(store.get(accountKey), FREE_FAILURES, now);
        Duration address = remaining(store.get(addressKey), FREE_ADDRESS_FAILURES, now);
        Duration longest = account.compareTo(address) >= 0 ? account : address;
        return longest.isZero() || longest.isNegative() ? Optional.empty() : Optional.of(longest);
    }

    public void failed(String accountKey, String addressKey) {
        Instant now = clock.instant();
        store.add(accountKey, now, WINDOW);
        store.add(addressKey, now, WINDOW);
    }

    private static Duration remaining(FailureStore.Failures failures, int free, Instant now) {
        return Duration.between(now, failures.last().plus(delayAfter(failures.count(), free)));
    }

    public void succeeded(String accountKey) {
        store.clear(accountKey);
    }

    /** The wait imposed after {@code failures} failures: none up to {@code free}, then 30 s doubling to 15 min. */
    static Duration delayAfter(int failures, int free) {
        if (failures < free) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - free, 10);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
