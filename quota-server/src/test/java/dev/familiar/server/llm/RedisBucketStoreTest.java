package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.llm.ratelimit.LeakyBucket;
import dev.familiar.server.llm.ratelimit.LocalBucketStore;
import dev.familiar.server.llm.ratelimit.RedisBucketStore;
import dev.familiar.server.redis.RedisConnection;
import dev.familiar.server.testing.TestBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Redis script and {@link LeakyBucket} are one rule: the same random sequences of requests get the same
 * decisions from the Redis store and from the in-process store (run where a Redis is configured: the team run).
 */
@Tag("team")
class RedisBucketStoreTest {
    @Test
    void redisDecidesExactlyAsTheInProcessStore() {
        String url = TestBackend.redis().orElseThrow(() -> new AssertionError("the team run has a Redis"));
        try (RedisConnection redis = RedisConnection.connect(url)) {
            RedisBucketStore remote = new RedisBucketStore(redis.connection());
            LocalBucketStore local = new LocalBucketStore();
            Random random = new Random(42);
            Instant t0 = Instant.parse("2026-02-05T15:00:00Z");
            for (int run = 0; run < 20; run++) {
                String key = "test-" + UUID.randomUUID();
                LeakyBucket.Limits limits = new LeakyBucket.Limits(100 + random.nextInt(900), 1 + random.nextInt(20));
                Instant now = t0;
                for (int i = 0; i < 100; i++) {
                    now = now.plus(Duration.ofMillis(random.nextInt(1500)));
                    long tokens = 1 + random.nextInt(200);
                    LeakyBucket.Decision a = local.offer(key, limits, tokens, now);
                    LeakyBucket.Decision b = remote.offer(key, limits, tokens, now);
                    assertThat(b.allowed()).as("run %d request %d", run, i).isEqualTo(a.allowed());
                    assertThat(b.used()).isEqualTo(a.used());
                    assertThat(b.remaining()).isEqualTo(a.remaining());
                    assertThat(b.waitSeconds()).isEqualTo(a.waitSeconds());
                }
            }
        }
    }
}
