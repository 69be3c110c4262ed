package dev.familiar.server.usage;

import dev.familiar.server.redis.CoalescedReads;
import dev.familiar.server.redis.TrackedCopies;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters shared by every server of a team, in Redis: one key per tenant, metric and period
 * ({@code familiar:usage:<tenant>:<metric>:<period>}). A commit publishes its value with one script that only
 * raises it (so late publications from other servers cannot lower it); checks read it through {@link CoalescedReads}
 * (the checks waiting at one moment share one GET or MGET, sent after each of them arrived). When Redis does not
 * answer, the database answers instead (still correct, slower), and the degraded state shows in
 * {@code /health/ready} and in the metrics {@code familiar_redis_degraded} and {@code familiar_redis_fallbacks_total}.
 */
public final class RedisUsageCounters implements UsageCounters {
    private static final Logger LOG = LoggerFactory.getLogger(RedisUsageCounters.class);
    private static final String PREFIX = "familiar:usage:";
    /** Raises the key to ARGV[1] if it is lower or missing; keeps it for ARGV[2] ms. */
    private static final String RAISE = "local v = tonumber(redis.call('GET', KEYS[1]) or '-1') "
            + "if v < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return tonumber(ARGV[1]) end "
            + "return v";
    /**
     * The staleness bound of a check (decision 0006): a counter read from Redis is answered from this process's copy
     * until Redis says the key changed (one push latency after any server's publication), and never longer than this.
     */
    static final java.time.Duration COPY_MAX_AGE = java.time.Duration.ofMillis(100);
    private static final long TTL_MILLIS = 45L * 24 * 3600 * 1000;

    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final CoalescedReads reads;
    private final TrackedCopies copies;
    private final UsageLedger ledger;
    private final AtomicBoolean degraded = new AtomicBoolean();
    /** While degraded, Redis is retried at most this often, so checks do not each wait for a timeout. */
    private static final long RETRY_NANOS = java.time.Duration.ofSeconds(2).toNanos();
    private volatile long nextAttemptNanos;
    private final Counter fallbacks;

    public RedisUsageCounters(StatefulRedisConnection<String, String> connection, UsageLedger ledger,
                              MeterRegistry registry) {
        this.redis = connection.sync();
        this.async = connection.async();
        this.reads = new CoalescedReads(async, connection.getTimeout());
        this.copies = TrackedCopies.track(connection, PREFIX, COPY_MAX_AGE);
        this.ledger = ledger;
        this.fallbacks = Counter.builder("familiar.redis.fallbacks").description("Quota reads answered by the database "
                + "because Redis did not").register(registry);
        Gauge.builder("familiar.redis.degraded", degraded, d -> d.get() ? 1 : 0)
                .description("1 while Redis does not answer and the database serves quota reads").register(registry);
    }

    @Override
    public long used(CounterKey key) throws Exception {
        if (skipRedis()) {
            fallbacks.increment();
            return ledger.committedUsed(key);
        }
        String redisKey = redisKey(key);
        String copy = copies.get(redisKey);
        if (copy != null) {
            return Long.parseLong(copy);
        }
        try {
            TrackedCopies.Stamp stamp = copies.stamp(redisKey);
            String value = await(reads.get(redisKey));
            markHealthy();
            if (value != null) {
                copies.fill(redisKey, value, stamp);
                return Long.parseLong(value);
            }
            long loaded = ledger.committedUsed(key);
            raise(key, loaded);
            return loaded;
        } catch (RedisException e) {
            markDegraded(e);
            fallbacks.increment();
            return ledger.committedUsed(key);
        }
    }

    @Override
    public void committed(CounterKey key, long used) {
        String redisKey = redisKey(key);
        try {
            if (!skipRedis()) {
                publish(redisKey, used);
            }
        } finally {
            // This server's own checks must see its commit at once, as they did when every check was a GET sent
            // after this publication on the same connection: the copy goes now (after the publication is queued on
            // the connection, so any read stamped from here on is sent after it), not when Redis's push arrives.
            copies.invalidate(redisKey);
        }
    }

    private void publish(String redisKey, long used) {
        // Asynchronous: the ledger's writer thread must never wait for Redis. The database holds the truth;
        // reads fall back to it until Redis answers again, to a read or to a publication (a server whose traffic
        // only writes would otherwise stay degraded after Redis is back).
        async.eval(RAISE, ScriptOutputType.INTEGER, new String[] {redisKey}, Long.toString(used),
                Long.toString(TTL_MILLIS)).whenComplete((ok, error) -> {
                    if (error != null) {
                        markDegraded(error instanceof Exception ex ? ex : new RuntimeException(error));
                    } else {
                        markHealthy();
                    }
                });
    }

    @Override
    public String mode() {
        return degraded.get() ? "redis-degraded" : "redis";
    }

    public boolean degraded() {
        return degraded.get();
    }

    /** The read's answer; a Redis error or timeout is rethrown as the {@link RedisException} it is or wraps. */
    private static String await(CompletableFuture<String> read) throws InterruptedException {
        try {
            return read.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RedisException redis ? redis : new RedisException(String.valueOf(cause), cause);
        }
    }

    private void raise(CounterKey key, long used) {
        redis.eval(RAISE, ScriptOutputType.INTEGER, new String[] {redisKey(key)}, Long.toString(used),
                Long.toString(TTL_MILLIS));
    }

    private boolean skipRedis() {
        return degraded.get() && System.nanoTime() - nextAttemptNanos < 0;
    }

    private void markDegraded(Exception e) {
        nextAttemptNanos = System.nanoTime() + RETRY_NANOS;
        copies.invalidateAll();
        if (degraded.compareAndSet(false, true)) {
            LOG.warn("Redis does not answer ({}); quota reads fall back to the database", e.toString());
        }
    }

    private void markHealthy() {
        if (degraded.compareAndSet(true, false)) {
            LOG.info("Redis answers again; quota reads use it");
        }
    }

    static String redisKey(CounterKey key) {
        return PREFIX + key.tenantId() + ":" + key.metric() + ":" + key.periodKey();
    }
}
