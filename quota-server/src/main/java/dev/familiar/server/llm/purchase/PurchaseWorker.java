package dev.familiar.server.llm.purchase;

import dev.familiar.server.observability.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs purchase sagas in the background and is their recovery job: every poll it claims unfinished sagas that no
 * worker holds (new ones, ones waiting after a transient failure, and ones left behind by a stopped or crashed
 * server once their lease has run out) and advances them. A saga that must wait is leased until its next attempt.
 */
public final class PurchaseWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PurchaseWorker.class);
    static final Duration POLL = Duration.ofMillis(250);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RETRY = Duration.ofSeconds(5);

    private final PurchaseStore store;
    private final PurchaseSteps steps;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    public PurchaseWorker(PurchaseStore store, PurchaseSteps steps, Clock clock) {
        this.store = store;
        this.steps = steps;
        this.clock = clock;
        this.thread = new Thread(this::run, "token-purchases");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void nudge() {
        wake.release();
    }

    /** Advances every claimable saga once; returns how many were worked. */
    public int drainOnce() throws Exception {
        List<Purchase> due = store.claimDue(20, LEASE);
        for (Purchase p : due) {
            if (!running) {
                store.leaseUntil(p.sagaId(), null);
                continue;
            }
            try {
                steps.advance(p.sagaId());
            } catch (PurchaseSteps.TryLater e) {
                LOG.warn("Purchase {}: the payment provider failed, trying again in {} s: {}", p.sagaId(),
                        RETRY.toSeconds(), Redactor.redact(e.getMessage()));
                store.leaseUntil(p.sagaId(), clock.instant().plus(RETRY));
            } catch (Exception e) {
                LOG.error("Purchase {}: {}", p.sagaId(), Redactor.redact(e.toString()));
                store.leaseUntil(p.sagaId(), clock.instant().plus(RETRY));
            }
        }
        return due.size();
    }

    private void run() {
        while (running) {
            try {
                drainOnce();
            } catch (Exception e) {
                if (running) {
                    LOG.warn("Purchase worker: {}", Redactor.redact(e.toString()));
                }
            }
            try {
                wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops after the step in progress (never interrupted inside a database write). */
    @Override
    public void close() {
        running = false;
        wake.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
