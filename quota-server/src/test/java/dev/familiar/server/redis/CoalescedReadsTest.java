package dev.familiar.server.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.testing.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** Coalesced reads against a real Redis, raced by real threads. */
class CoalescedReadsTest {
    private RedisServer redis;
    private RedisConnection reader;
    private RedisConnection writer;

    @BeforeEach
    void start() {
        int port = TestBackend.freePort();
        redis = TestBackend.startRedis(port);
        reader = RedisConnection.connect("redis://127.0.0.1:" + port);
        writer = RedisConnection.connect("redis://127.0.0.1:" + port);
    }

    @AfterEach
    void stop() throws Exception {
        reader.close();
        writer.close();
        redis.stop();
    }

    /**
     * A writer raises a counter while 16 threads read it and four other keys: every answer is at least the value
     * acknowledged to the writer before the read was asked for (never older than its request), the other keys answer
     * their own values, and fewer commands than reads reach Redis.
     */
    @Test
    void concurrentReadsShareCommandsAndNoAnswerIsOlderThanItsRequest() throws Exception {
        CoalescedReads reads = new CoalescedReads(reader.connection().async(), Duration.ofSeconds(5));
        var sync = writer.connection().sync();
        for (int k = 0; k < 4; k++) {
            sync.set("other:" + k, "v" + k);
        }
        sync.set("counter", "0");
        long commandsBefore = readCommands();
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread raiser = new Thread(() -> {
            while (!done.get()) {
                acknowledged.set(sync.incr("counter"));
            }
        });
        raiser.start();
        int threads = 16;
        int perThread = 400;
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        if ((i + id) % 3 == 0) {
                            String other = "other:" + (i % 4);
                            String value = reads.get(other).get(10, TimeUnit.SECONDS);
                            if (!("v" + (i % 4)).equals(value)) {
                                problems.add(other + " answered " + value);
                            }
                        } else {
                            long floor = acknowledged.get();
                            long value = Long.parseLong(reads.get("counter").get(10, TimeUnit.SECONDS));
                            if (value < floor) {
                                problems.add("counter answered " + value + " after " + floor + " was acknowledged");
                            }
                        }
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            });
            thread.start();
            readers.add(thread);
        }
        go.countDown();
        for (Thread t : readers) {
            t.join();
        }
        done.set(true);
        raiser.join();

        assertThat(problems).isEmpty();
        assertThat(acknowledged.get()).as("the counter moved during the reads").isPositive();
        long commands = readCommands() - commandsBefore;
        assertThat(commands).as("GET + MGET commands for %d reads", threads * perThread).isLessThan(threads * perThread);
    }

    @Test
    void aMissingKeyAnswersNull() throws Exception {
        CoalescedReads reads = new CoalescedReads(reader.connection().async(), Duration.ofSeconds(5));
        writer.connection().sync().set("present", "1");
        CompletableFuture<String> missing = reads.get("missing");
        CompletableFuture<String> present = reads.get("present");
        assertThat(missing.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(present.get(10, TimeUnit.SECONDS)).isEqualTo("1");
    }

    /** Redis paused: the read in flight fails after the timeout, and reads after Redis is back are answered. */
    @Test
    void aReadRedisDoesNotAnswerFailsAfterTheTimeoutAndFreesTheWay() throws Exception {
        CoalescedReads reads = new CoalescedReads(reader.connection().async(), Duration.ofMillis(200));
        writer.connection().sync().set("k", "1");
        writer.connection().sync().clientPause(1_500);

        CompletableFuture<String> paused = reads.get("k");
        assertThatThrownBy(() -> paused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);

        String after = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (after == null && System.nanoTime() < deadline) {
            try {
                after = reads.get("k").get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Thread.sleep(50); // still paused
            }
        }
        assertThat(after).isEqualTo("1");
    }

    private long readCommands() {
        String stats = writer.connection().sync().info("commandstats");
        return calls(stats, "cmdstat_get:") + calls(stats, "cmdstat_mget:");
    }

    private static long calls(String stats, String command) {
        int at = stats.indexOf(command);
        if (at < 0) {
            return 0;
        }
        int start = stats.indexOf("calls=", at) + "calls=".length();
        return Long.parseLong(stats.substring(start, stats.indexOf(',', start)));
    }
}
