package dev.familiar.server.billing;

import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.observability.Redactor;
import dev.familiar.server.worker.PollingThread;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * UC-13's worker: one background thread that claims due inbox events and applies them. It wakes when an event
 * arrives on this server ({@link #nudge()}) and otherwise polls every {@link #POLL}, so events received by another
 * server are applied too. A failure is retried with exponential backoff (1 s, 2 s, 4 s… at most 5 min); after
 * {@link #MAX_ATTEMPTS} attempts the event is FAILED with its error, for an admin to look at and replay.
 */
public final class BillingEventWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BillingEventWorker.class);
    static final Duration POLL = Duration.ofMillis(250);
    static final Duration LEASE = Duration.ofSeconds(60);
    static final int MAX_ATTEMPTS = 8;
    static final int BATCH = 50;

    private final WebhookInbox inbox;
    private final BillingEventApplier applier;
    private final Clock clock;
    private final PollingThread loop;

    public BillingEventWorker(WebhookInbox inbox, BillingEventApplier applier, Clock clock) {
        this.inbox = inbox;
        this.applier = applier;
        this.clock = clock;
        this.loop = new PollingThread("billing-events", POLL, this::drainOnce);
        loop.start();
    }

    /** Work is waiting: look now rather than at the next poll. */
    public void nudge() {
        loop.nudge();
    }

    /** Applies every due event once; returns how many were worked. Used by the thread and by tests. */
    public int drainOnce() throws Exception {
        int worked = 0;
        List<InboxEvent> due;
        do {
            due = inbox.claimDue(BATCH, LEASE);
            for (InboxEvent event : due) {
                work(event);
                worked++;
            }
        } while (due.size() == BATCH && loop.running());
        return worked;
    }

    private void work(InboxEvent event) throws Exception {
        MDC.put("correlation_id", event.correlationId());
        try {
            BillingEventApplier.Outcome outcome = applier.apply(event);
            LOG.info("Billing event {} {} ({}): {}{}", event.eventId(), event.type(), event.source(), outcome.status(),
                    outcome.note() == null ? "" : " - " + outcome.note());
        } catch (Exception e) {
            boolean giveUp = event.attempts() >= MAX_ATTEMPTS;
            long backoff = Math.min(300, 1L << Math.min(event.attempts() - 1, 9));
            String error = Redactor.redact(e.getClass().getSimpleName() + ": " + e.getMessage());
            inbox.failed(event.eventId(), error, clock.instant().plusSeconds(backoff), giveUp);
            if (giveUp) {
                LOG.error("Billing event {} {} FAILED after {} attempts: {}", event.eventId(), event.type(),
                        event.attempts(), error);
            } else {
                LOG.warn("Billing event {} {} attempt {} failed, retrying in {} s: {}", event.eventId(), event.type(),
                        event.attempts(), backoff, error);
            }
        } finally {
            MDC.remove("correlation_id");
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
