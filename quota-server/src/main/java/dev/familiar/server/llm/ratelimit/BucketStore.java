package dev.familiar.server.llm.ratelimit;

import java.time.Instant;

/**
 * Where buckets live: in this process ({@link LocalBucketStore}) or in Redis when several servers share the limits
 * ({@link RedisBucketStore}). Both apply {@link LeakyBucket}'s rule atomically per key.
 */
public interface BucketStore {
    LeakyBucket.Decision offer(String key, LeakyBucket.Limits limits, long tokens, Instant now);
}
