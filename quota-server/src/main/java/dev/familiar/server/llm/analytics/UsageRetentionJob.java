package dev.familiar.server.llm.analytics;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges usage events older than the retention ({@code occurred_at < now − retention}, now from the injected
 * clock): once shortly after start, then hourly, on a daemon thread. A failed run is logged and tried again at the
 * next one. Closing lets a running purge finish (no interrupt: H2 closes its file when a thread is interrupted
 * inside a write).
 */
public final class UsageRetentionJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageRetentionJob.class);
    static final Duration FIRST_RUN = Duration.ofMinutes(1);
    static final Duration INTERVAL = Duration.ofHours(1);

    private final AnalyticsStore store;
    private final Duration retention;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "token-usage-retention");
        t.setDaemon(true);
        return t;
    });

    public UsageRetentionJob(DataSource dataSource, Duration retention, Clock clock) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the usage event retention must be positive, not " + retention);
        }
        this.store = new AnalyticsStore(dataSource);
        this.retention = retention;
        this.clock = clock;
        executor.scheduleWithFixedDelay(this::run, FIRST_RUN.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes the events older than the retention now; the number deleted. */
    public int purgeOnce() throws SQLException {
        return store.deleteBefore(clock.instant().minus(retention));
    }

    private void run() {
        try {
            int deleted = purgeOnce();
            if (deleted > 0) {
                LOG.info("Usage retention: deleted {} event(s) older than {} days", deleted, retention.toDays());
            }
        } catch (Exception e) {
            LOG.warn("Usage retention run failed (tried again in {}): {}", INTERVAL, e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Usage retention: a purge was still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
