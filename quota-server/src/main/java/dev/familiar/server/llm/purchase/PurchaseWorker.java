package dev.familiar.server.llm.purchase;

import dev.familiar.server.observability.Redactor;
import dev.familiar.server.worker.PollingThread;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** The longest wait between attempts: the wait doubles from {@link #RETRY} with each failed attempt up to this. */
    static final Duration MAX_RETRY = Duration.ofMinutes(5);

    private final PurchaseStore store;
    private final PurchaseSteps steps;
    private final Clock clock;
    private final PollingThread loop;
    /** Failed attempts in a row per saga (in memory: a restart begins the backoff again, which is harmless). */
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();

    public PurchaseWorker(PurchaseStore store, PurchaseSteps steps, Clock clock) {
        this.store = store;
        this.steps = steps;
        this.clock = clock;
        this.loop = new PollingThread("token-purchases", POLL, this::drainOnce);
        loop.start();
    }

    public void nudge() {
        loop.nudge();
    }

    /** Advances every claimable saga once; returns how many were worked. */
    public int drainOnce() throws Exception {
        List<Purchase> due = store.claimDue(20, LEASE);
        for (Purchase p : due) {
            if (!loop.running()) {
                store.leaseUntil(p.sagaId(), null);
                continue;
            }
            try {
                steps.advance(p.sagaId());
                failures.remove(p.sagaId());
            } catch (PurchaseSteps.TryLater e) {
                Duration wait = backoff(p.sagaId());
                LOG.warn("Purchase {}: the payment provider's answer is not final yet, trying again in {} s: {}",
                        p.sagaId(), wait.toSeconds(), Redactor.redact(e.getMessage()));
                store.leaseUntil(p.sagaId(), clock.instant().plus(wait));
                logRetry(p.sagaId(), wait, e.getMessage());
            } catch (Exception e) {
                LOG.error("Purchase {}: {}", p.sagaId(), Redactor.redact(e.toString()));
                Duration wait = backoff(p.sagaId());
                store.leaseUntil(p.sagaId(), clock.instant().plus(wait));
                logRetry(p.sagaId(), wait, e.getClass().getSimpleName());
            }
        }
        return due.size();
    }

    /** The wait in the saga's step log; a log that cannot be written must not stop the worker. */
    private void logRetry(String sagaId, Duration wait, String why) {
        try {
            store.log(sagaId, StepNote.of(StepNote.RETRY, StepNote.RETRYING, "next attempt in " + wait.toSeconds()
                    + " s: " + why));
        } catch (Exception e) {
            LOG.warn("Purchase {}: the retry could not be logged: {}", sagaId, Redactor.redact(e.toString()));
        }
    }

    /** {@link #RETRY} doubled for each failure in a row, at most {@link #MAX_RETRY}. */
    Duration backoff(String sagaId) {
        int n = failures.merge(sagaId, 1, Integer::sum);
        Duration wait = RETRY.multipliedBy(1L << Math.min(n - 1, 16));
        return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
    }

    /** Stops after the step in progress (never interrupted inside a database write). */
    @Override
    public void close() {
        loop.close();
    }
}
