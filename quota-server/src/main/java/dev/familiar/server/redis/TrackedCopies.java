package dev.familiar.server.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short-lived copy, in this process, of the Redis values under one key prefix, dropped as soon as Redis says a key
 * changed: the connection runs {@code CLIENT TRACKING ON BCAST PREFIX <prefix>} (RESP3), so Redis pushes an
 * {@code invalidate} message on that connection for every write to such a key, by any client.
 *
 * <p>Staleness bound: a copy is served at most {@link #maxAge} after the read that filled it was answered, whatever
 * happens to invalidations (a connection that died silently, a push delayed); normally it is dropped one push
 * latency after the write reached Redis. Copies are made only while tracking is confirmed on the current
 * connection (proved by a first push: the invalidation of a probe key the connection writes under the prefix); a
 * disconnect drops every copy and stops copying until tracking is on again. A fill races
 * invalidations without a lock: the filler notes a stamp of the key's stripe before its read is sent and, after
 * storing, removes its copy again if any invalidation (or a disconnect) came in between, so a copy that outlives
 * its fill never predates an invalidation it should have seen.
 */
public final class TrackedCopies {
    private static final Logger LOG = LoggerFactory.getLogger(TrackedCopies.class);
    private static final int STRIPES = 64;
    /** Written under the prefix when tracking is turned on; its invalidation proves that pushes reach us. */
    static final String PROBE = "tracking-probe";
    /** Copies kept at most; past it, the expired ones (or all) are dropped before the next is stored. */
    static final int MAX_COPIES = 10_000;

    private final String prefix;
    private final long maxAgeNanos;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Copy> copies = new ConcurrentHashMap<>();
    /** Per stripe of keys: raised by every invalidation of a key of the stripe. */
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    /** Raised by every disconnect, flush and (re)start of tracking: invalidates every stamp taken before. */
    private final AtomicLong generation = new AtomicLong();
    /** Tracking was asked for on the current connection (cleared by a disconnect). */
    private volatile boolean requested;
    /** An invalidation has arrived since it was asked for: copies may be made. */
    private volatile boolean tracking;

    private record Copy(String value, long filledAtNanos) {
    }

    /** What a reader notes before sending its read: {@link #fill} keeps the value only if nothing changed since. */
    public record Stamp(long generation, long stripe, boolean tracking) {
    }

    TrackedCopies(String prefix, Duration maxAge, LongSupplier nanos) {
        this.prefix = prefix;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanos = nanos;
    }

    /**
     * Copies of the keys under {@code prefix} read through {@code connection}: turns tracking on now and after every
     * reconnect. When Redis refuses tracking (before Redis 6, or RESP2), nothing is ever copied.
     */
    public static TrackedCopies track(StatefulRedisConnection<String, String> connection, String prefix, Duration maxAge) {
        return track(connection, prefix, maxAge, System::nanoTime);
    }

    static TrackedCopies track(StatefulRedisConnection<String, String> connection, String prefix, Duration maxAge,
                               LongSupplier nanos) {
        TrackedCopies copies = new TrackedCopies(prefix, maxAge, nanos);
        connection.addListener(copies::onPush);
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, java.net.SocketAddress address) {
                copies.startTracking(connection);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                copies.stopTracking();
            }
        });
        copies.startTracking(connection);
        return copies;
    }

    /** The copy of {@code key}, or {@code null} when there is none young enough. */
    public String get(String key) {
        if (!tracking) {
            return null;
        }
        Copy copy = copies.get(key);
        if (copy == null) {
            return null;
        }
        if (nanos.getAsLong() - copy.filledAtNanos() > maxAgeNanos) {
            copies.remove(key, copy);
            return null;
        }
        return copy.value();
    }

    /** To note before the read of {@code key} is sent. */
    public Stamp stamp(String key) {
        long g = generation.get();
        return new Stamp(g, stripes.get(stripe(key)), tracking);
    }

    /** Keeps {@code value}, read by a command sent after {@code stamp} was taken, unless it may be outdated. */
    public void fill(String key, String value, Stamp stamp) {
        if (value == null || !stamp.tracking() || !unchanged(key, stamp)) {
            return;
        }
        long now = nanos.getAsLong();
        if (copies.size() >= MAX_COPIES) {
            // Copies are dropped when read too old; keys nobody reads again (last period's, gone tenants') go here.
            copies.values().removeIf(c -> now - c.filledAtNanos() > maxAgeNanos);
            if (copies.size() >= MAX_COPIES) {
                copies.clear();
            }
        }
        Copy copy = new Copy(value, now);
        copies.put(key, copy);
        if (!tracking || !unchanged(key, stamp)) {
            copies.remove(key, copy);
        }
    }

    /** Drops the copy of {@code key} (this process is about to change it in Redis). */
    public void invalidate(String key) {
        stripes.incrementAndGet(stripe(key));
        copies.remove(key);
    }

    /** Drops every copy. */
    public void invalidateAll() {
        generation.incrementAndGet();
        copies.clear();
    }

    public boolean tracking() {
        return tracking;
    }

    int size() {
        return copies.size();
    }

    private boolean unchanged(String key, Stamp stamp) {
        return generation.get() == stamp.generation() && stripes.get(stripe(key)) == stamp.stripe();
    }

    private void startTracking(StatefulRedisConnection<String, String> connection) {
        generation.incrementAndGet();
        requested = true;
        try {
            // Without RESP3 (and no REDIRECT) Redis accepts tracking but never sends an invalidation, so copying
            // starts only with the first push received: the invalidation of a probe key this connection writes.
            connection.async().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(prefix))
                    .thenCompose(ok -> connection.async().set(prefix + PROBE, "1", SetArgs.Builder.px(60_000)))
                    .whenComplete((ok, error) -> {
                        if (error != null) {
                            LOG.info("No Redis client tracking ({}); quota reads are not copied", error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.info("Could not turn Redis client tracking on ({}); quota reads are not copied", e.toString());
        }
    }

    private void stopTracking() {
        requested = false;
        tracking = false;
        invalidateAll();
    }

    void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(b -> b == null ? null : StandardCharsets.UTF_8.decode(b).toString());
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (keys instanceof List<?> list) {
            for (Object key : list) {
                if (key != null) {
                    invalidate(key.toString());
                }
            }
        } else {
            invalidateAll(); // a null list: FLUSHALL / FLUSHDB, or Redis dropped its tracking table
        }
        if (requested && !tracking) {
            tracking = true; // a push arrived on this connection: tracking is on and its invalidations reach us
        }
    }

    private static int stripe(String key) {
        return (key.hashCode() & 0x7fffffff) % STRIPES;
    }
}
