package dev.familiar.server.llm.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * The leaky-bucket rule, with no clock and no storage: a bucket holds up to {@code capacity} tokens and leaks
 * {@code leakPerSecond} tokens per second. A request for {@code n} tokens is admitted when they fit
 * ({@code level + n <= capacity}); otherwise it is refused with the whole seconds to wait until they would fit.
 * A request larger than the capacity can never fit, so it is admitted only into an empty bucket (it then fills it
 * past the brim and the bucket must drain before anything else is admitted).
 */
public final class LeakyBucket {
    private LeakyBucket() {
    }

    /** How full a bucket was at a moment. A missing bucket is an empty one. */
    public record State(double level, Instant at) {
        public static State empty(Instant at) {
            return new State(0, at);
        }
    }

    /** A bucket's size and how fast it drains. */
    public record Limits(long capacity, double leakPerSecond) {
        public Limits {
            if (capacity < 1 || !(leakPerSecond > 0)) {
                throw new IllegalArgumentException("capacity must be ≥ 1 and the leak rate > 0");
            }
        }
    }

    /**
     * The answer to one request.
     *
     * @param used        tokens in the bucket after the decision (rounded up)
     * @param remaining   room left ({@code capacity - used}, never negative)
     * @param waitSeconds  0 when admitted; otherwise whole seconds until the request would fit
     * @param resetSeconds whole seconds until the bucket has leaked empty again (0 when it is empty now): the
     *                     {@code X-RateLimit-Reset} header; never less than {@code waitSeconds}
     * @param next         the state to store
     */
    public record Decision(boolean allowed, long capacity, long used, long remaining, long waitSeconds,
                           long resetSeconds, State next) {
    }

    /** The level at {@code now}: what was there, less what leaked since (never below zero, never back in time). */
    public static double levelAt(State state, Limits limits, Instant now) {
        Duration elapsed = Duration.between(state.at(), now);
        double seconds = elapsed.isNegative() ? 0 : elapsed.toNanos() / 1e9;
        return Math.max(0, state.level() - seconds * limits.leakPerSecond());
    }

    public static Decision offer(State state, Limits limits, long tokens, Instant now) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be ≥ 1");
        }
        Instant at = now.isBefore(state.at()) ? state.at() : now;
        double level = levelAt(state, limits, at);
        boolean fits = level + tokens <= limits.capacity() || (tokens > limits.capacity() && level == 0);
        return describe(fits, fits ? level + tokens : level, limits, tokens, at);
    }

    /**
     * The decision for a bucket holding {@code levelAfter} at {@code at} once the request was admitted or refused
     * (used by stores that apply the rule elsewhere, such as a Redis script).
     */
    public static Decision describe(boolean allowed, double levelAfter, Limits limits, long tokens, Instant at) {
        if (allowed) {
            return decision(true, limits, levelAfter, 0, new State(levelAfter, at));
        }
        double excess = tokens > limits.capacity() ? levelAfter : levelAfter + tokens - limits.capacity();
        long wait = Math.max(1, (long) Math.ceil(excess / limits.leakPerSecond()));
        return decision(false, limits, levelAfter, wait, new State(levelAfter, at));
    }

    /** What a caller may still send right now without waiting, for the {@code X-RateLimit-Remaining} header. */
    public static long remaining(State state, Limits limits, Instant now) {
        return Math.max(0, limits.capacity() - (long) Math.ceil(levelAt(state, limits, now)));
    }

    private static Decision decision(boolean allowed, Limits limits, double level, long wait, State next) {
        long used = (long) Math.ceil(level - 1e-9);
        long reset = Math.max(wait, (long) Math.ceil(Math.max(0, level / limits.leakPerSecond() - 1e-9)));
        return new Decision(allowed, limits.capacity(), used, Math.max(0, limits.capacity() - used), wait, reset, next);
    }
}
