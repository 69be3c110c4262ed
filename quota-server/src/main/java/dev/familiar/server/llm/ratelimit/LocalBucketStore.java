package dev.familiar.server.llm.ratelimit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Buckets in this process: one atomic update per key. Buckets that have drained are dropped now and then. */
public final class LocalBucketStore implements BucketStore {
    private static final int PRUNE_ABOVE = 100_000;
    private final Map<String, LeakyBucket.State> buckets = new ConcurrentHashMap<>();

    @Override
    public LeakyBucket.Decision offer(String key, LeakyBucket.Limits limits, long tokens, Instant now) {
        AtomicReference<LeakyBucket.Decision> out = new AtomicReference<>();
        buckets.compute(key, (k, state) -> {
            LeakyBucket.Decision d = LeakyBucket.offer(state == null ? LeakyBucket.State.empty(now) : state, limits, tokens, now);
            out.set(d);
            return d.next();
        });
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.entrySet().removeIf(e -> e.getValue().level() <= 0 || e.getValue().at().isBefore(now.minusSeconds(3600)));
        }
        return out.get();
    }
}
