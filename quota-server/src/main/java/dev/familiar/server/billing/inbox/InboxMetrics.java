package dev.familiar.server.billing.inbox;

import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.observability.Refreshed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code familiar_webhook_events{status="PENDING"|"FAILED"}}: how many webhook events the inbox holds in each open
 * state, read from the database (shared by every server of a team, so each reports the same figure). FAILED events
 * gave up after their retries and wait for an administrator (Webhooks screen, replay); a PENDING count that keeps
 * growing means the worker does not keep up. Read at most every 10 s whatever the scrape rate; while the database
 * does not answer they read NaN.
 */
public final class InboxMetrics {
    public static final String NAME = "familiar.webhook.events";
    static final List<String> STATUSES = List.of(InboxEvent.PENDING, InboxEvent.FAILED);

    private InboxMetrics() {
    }

    public static void register(MeterRegistry registry, InboxStore store) {
        register(registry, store, System::nanoTime);
    }

    static void register(MeterRegistry registry, InboxStore store, LongSupplier nanoTime) {
        Refreshed<Map<String, Long>> counts = new Refreshed<>(() -> {
            try {
                return store.countByStatus(STATUSES);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(10), nanoTime);
        for (String status : STATUSES) {
            Gauge.builder(NAME, () -> {
                Map<String, Long> now = counts.get();
                return now == null ? Double.NaN : now.get(status);
            }).description("Webhook events in the inbox by open status (FAILED: gave up, waits for a replay)")
                    .tag("status", status)
                    .strongReference(true)
                    .register(registry);
        }
    }
}
