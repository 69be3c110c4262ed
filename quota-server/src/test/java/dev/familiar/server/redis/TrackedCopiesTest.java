package dev.familiar.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.testing.TestBackend;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * The local copy of counters against a real Redis: a write by another client drops it (Redis's invalidation push,
 * which reaches this connection before the answer to a PING sent after the write), it is never served past its
 * maximum age, a fill that raced an invalidation is not kept, and a Redis outage drops every copy until tracking is
 * on again after the reconnect.
 */
class TrackedCopiesTest {
    private static final String KEY = "familiar:usage:t1:api_call:2026-11";

    private int port;
    private RedisServer redis;
    private RedisConnection reader;
    private RedisConnection writer;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void start() {
        port = TestBackend.freePort();
        redis = TestBackend.startRedis(port);
        reader = RedisConnection.connect("redis://127.0.0.1:" + port);
        writer = RedisConnection.connect("redis://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() throws Exception {
        reader.close();
        writer.close();
        if (redis.isActive()) {
            redis.stop();
        }
    }

    @Test
    void aWriteByAnotherClientDropsTheCopy() throws Exception {
        TrackedCopies copies = tracked(Duration.ofHours(1));
        writer.connection().sync().set(KEY, "5");
        fill(copies);
        assertThat(copies.get(KEY)).isEqualTo("5");

        writer.connection().sync().set(KEY, "7");
        reader.ping(Duration.ofSeconds(5)); // answered after the invalidation Redis pushed for the write

        assertThat(copies.get(KEY)).as("the copy after another client's write").isNull();
        fill(copies);
        assertThat(copies.get(KEY)).isEqualTo("7");
    }

    @Test
    void keysOutsideThePrefixAreNotTracked() throws Exception {
        TrackedCopies copies = tracked(Duration.ofHours(1));
        writer.connection().sync().set(KEY, "5");
        fill(copies);

        writer.connection().sync().set("familiar:other:" + KEY, "1");
        reader.ping(Duration.ofSeconds(5));

        assertThat(copies.get(KEY)).isEqualTo("5");
    }

    @Test
    void aCopyIsNeverServedPastItsMaximumAge() throws Exception {
        TrackedCopies copies = tracked(Duration.ofMillis(100));
        writer.connection().sync().set(KEY, "5");
        fill(copies);

        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(copies.get(KEY)).as("at the maximum age").isEqualTo("5");
        now.addAndGet(1);
        assertThat(copies.get(KEY)).as("past the maximum age, with no write in Redis").isNull();
    }

    @Test
    void copiesNobodyReadsAgainDoNotPileUp() throws Exception {
        TrackedCopies copies = tracked(Duration.ofMillis(100));
        for (int i = 0; i < TrackedCopies.MAX_COPIES; i++) {
            String key = "familiar:usage:t" + i + ":api_call:2026-11";
            copies.fill(key, "1", copies.stamp(key));
        }
        assertThat(copies.size()).isEqualTo(TrackedCopies.MAX_COPIES);

        now.addAndGet(Duration.ofMillis(101).toNanos());
        copies.fill(KEY, "5", copies.stamp(KEY));

        assertThat(copies.size()).as("the expired copies were dropped").isEqualTo(1);
        assertThat(copies.get(KEY)).isEqualTo("5");
    }

    @Test
    void aFillThatRacedAnInvalidationIsNotKept() throws Exception {
        TrackedCopies copies = tracked(Duration.ofHours(1));
        writer.connection().sync().set(KEY, "5");
        TrackedCopies.Stamp stamp = copies.stamp(KEY);
        String read = reader.connection().sync().get(KEY);

        writer.connection().sync().set(KEY, "7"); // arrives before the reader stores what it read
        reader.ping(Duration.ofSeconds(5));
        copies.fill(KEY, read, stamp);

        assertThat(copies.get(KEY)).as("a value older than an invalidation seen since its read").isNull();
    }

    @Test
    void thisProcessDropsItsCopyBeforeItChangesTheKey() throws Exception {
        TrackedCopies copies = tracked(Duration.ofHours(1));
        writer.connection().sync().set(KEY, "5");
        TrackedCopies.Stamp stamp = copies.stamp(KEY);
        fill(copies);

        copies.invalidate(KEY);
        assertThat(copies.get(KEY)).isNull();
        copies.fill(KEY, "5", stamp);
        assertThat(copies.get(KEY)).as("a fill stamped before the local invalidation").isNull();
    }

    @Test
    void anOutageDropsEveryCopyAndCopyingResumesWithTrackingAfterTheReconnect() throws Exception {
        TrackedCopies copies = tracked(Duration.ofHours(1));
        writer.connection().sync().set(KEY, "5");
        fill(copies);

        redis.stop();
        await(() -> !copies.tracking(), "tracking off after the disconnect");
        assertThat(copies.get(KEY)).isNull();
        assertThat(copies.size()).isZero();
        TrackedCopies.Stamp duringOutage = copies.stamp(KEY);
        copies.fill(KEY, "5", duringOutage);
        assertThat(copies.size()).as("nothing is copied while tracking is off").isZero();

        redis = TestBackend.startRedis(port);
        await(copies::tracking, "tracking on again after the reconnect");
        writer.connection().sync().set(KEY, "8");
        fill(copies);
        assertThat(copies.get(KEY)).isEqualTo("8");
        writer.connection().sync().set(KEY, "9");
        reader.ping(Duration.ofSeconds(5));
        assertThat(copies.get(KEY)).as("invalidations reach the reconnected connection").isNull();
    }

    private TrackedCopies tracked(Duration maxAge) {
        TrackedCopies copies = TrackedCopies.track(reader.connection(), "familiar:usage:", maxAge, now::get);
        await(copies::tracking, "tracking on");
        return copies;
    }

    /** Reads the key and offers it to the copies, after the pushes of every write acknowledged so far arrived. */
    private void fill(TrackedCopies copies) throws Exception {
        reader.ping(Duration.ofSeconds(5)); // else the invalidation of a write just made may race the fill (kept out)
        TrackedCopies.Stamp stamp = copies.stamp(KEY);
        RedisCommands<String, String> sync = reader.connection().sync();
        copies.fill(KEY, sync.get(KEY), stamp);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
