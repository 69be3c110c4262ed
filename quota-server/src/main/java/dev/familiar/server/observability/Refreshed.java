package dev.familiar.server.observability;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value read again at most every {@code maxAge}: what gauges use when reading them costs a database query or a
 * readiness check, so that several gauges of one reading, or several Prometheus servers scraping, share one reading.
 * A reading that throws leaves no value ({@code null}) until the next one. Thread-safe.
 *
 * <p>Not domain time: {@code nanoTime} is the monotonic clock ({@link System#nanoTime()} in production), a parameter
 * only so tests can step it.
 */
public final class Refreshed<T> {
    private final Supplier<T> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private T value;
    private long readAt;
    private boolean read;

    public Refreshed(Supplier<T> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    public Refreshed(Supplier<T> source, Duration maxAge) {
        this(source, maxAge, System::nanoTime);
    }

    /** The last reading when it is younger than {@code maxAge}, else a new one ({@code null} when it failed). */
    public synchronized T get() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= maxAgeNanos) {
            readAt = now;
            read = true;
            try {
                value = source.get();
            } catch (RuntimeException e) {
                value = null;
            }
        }
        return value;
    }
}
