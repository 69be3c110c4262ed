package dev.familiar.server.billing.dryrun;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In dry-run, renews due subscriptions every minute, as Stripe's billing cycle would. */
public final class DryRunRenewalScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunRenewalScheduler.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "familiar-dry-run-renewals");
        t.setDaemon(true);
        return t;
    });

    public DryRunRenewalScheduler(DryRunBillingGateway gateway, Duration interval) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                int rolled = gateway.advanceCycles();
                if (rolled > 0) {
                    LOG.info("Dry-run billing renewed {} subscription period(s)", rolled);
                }
            } catch (Exception e) {
                LOG.warn("Dry-run renewal failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        // Let a running renewal finish rather than interrupt it inside a database write.
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
