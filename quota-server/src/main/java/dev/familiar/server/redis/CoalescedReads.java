package dev.familiar.server.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * String reads of many threads sent to Redis together, like a group commit: while one read is on its way, the reads
 * that arrive meanwhile wait and leave as one {@code MGET} when it comes back (sent from Lettuce's I/O thread, so no
 * thread has to wake it). A read is always <em>sent after its caller asked</em>, so an answer is never older than
 * the request it answers: coalescing saves commands, round trips and wake-ups, never freshness.
 *
 * <p>At most one read command is in flight at a time. A read that Redis does not answer within {@code timeout}
 * fails (with every read of its batch) and frees the way for the next batch; so does an error of the command.
 */
public final class CoalescedReads {
    /** Keys per {@code MGET}: more waiting reads leave with the next command. */
    static final int MAX_KEYS = 256;

    private final RedisAsyncCommands<String, String> async;
    private final long timeoutNanos;
    private final ConcurrentLinkedQueue<Read> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    private record Read(String key, CompletableFuture<String> answer) {
    }

    public CoalescedReads(RedisAsyncCommands<String, String> async, Duration timeout) {
        this.async = async;
        this.timeoutNanos = timeout.toNanos();
    }

    /** The key's value ({@code null} when it is missing), read by a command sent after this call. */
    public CompletableFuture<String> get(String key) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        waiting.add(new Read(key, answer));
        sendIfIdle();
        return answer;
    }

    private void sendIfIdle() {
        // Whoever finds the way free sends everything that waits; a read queued just after a sender drained the
        // queue is picked up by the re-check below or by the completion of the command in flight.
        while (!waiting.isEmpty() && sending.compareAndSet(false, true)) {
            List<Read> batch = new ArrayList<>();
            Map<String, Integer> keys = new LinkedHashMap<>();
            for (Read r; keys.size() < MAX_KEYS && (r = waiting.poll()) != null; ) {
                batch.add(r);
                keys.putIfAbsent(r.key(), keys.size());
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue;
            }
            try {
                send(batch, keys);
                return;
            } catch (RuntimeException e) {
                fail(batch, e);
                sending.set(false);
            }
        }
    }

    private void send(List<Read> batch, Map<String, Integer> keys) {
        CompletableFuture<List<String>> values;
        if (keys.size() == 1) {
            values = async.get(batch.get(0).key()).toCompletableFuture().thenApply(CoalescedReads::single);
        } else {
            values = async.mget(keys.keySet().toArray(String[]::new)).toCompletableFuture()
                    .thenApply(CoalescedReads::values);
        }
        values.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenComplete((list, error) -> {
            if (error != null) {
                fail(batch, error);
            } else {
                for (Read r : batch) {
                    r.answer().complete(list.get(keys.get(r.key())));
                }
            }
            sending.set(false);
            // On Lettuce's I/O thread, the next batch is queued behind the commands other threads have already
            // handed to it (a counter publication, say) instead of overtaking them: a read stamped after a
            // publication was queued must reach Redis after it. Queuing on the own event loop wakes nobody.
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            if (loop != null) {
                loop.execute(this::sendIfIdle);
            } else {
                sendIfIdle();
            }
        });
    }

    private static void fail(List<Read> batch, Throwable error) {
        for (Read r : batch) {
            r.answer().completeExceptionally(error);
        }
    }

    private static List<String> single(String value) {
        List<String> list = new ArrayList<>(1);
        list.add(value);
        return list;
    }

    private static List<String> values(List<KeyValue<String, String>> pairs) {
        List<String> list = new ArrayList<>(pairs.size());
        for (KeyValue<String, String> kv : pairs) {
            list.add(kv.hasValue() ? kv.getValue() : null);
        }
        return list;
    }
}
