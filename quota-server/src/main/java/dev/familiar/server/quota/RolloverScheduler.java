package dev.familiar.server.quota;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rollover every minute, so periods roll over automatically shortly after their boundary. Running it
 * on every server is safe: a rollover is conditional on the period it replaces.
 */
public final class RolloverScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloverScheduler.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "familiar-rollover");
        t.setDaemon(true);
        return t;
    });

    public RolloverScheduler(RolloverService rollover, Duration interval) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                rollover.rollOver(false);
            } catch (Exception e) {
                LOG.warn("Scheduled rollover failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
