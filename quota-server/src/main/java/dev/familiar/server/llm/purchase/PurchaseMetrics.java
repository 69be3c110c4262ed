package dev.familiar.server.llm.purchase;

import dev.familiar.server.observability.Refreshed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code familiar_purchase_sagas{status="STARTED"|"PAYMENT_RESERVED"|"TOKENS_ALLOCATED"|"FAILED"}}: token purchase sagas
 * in each state but COMPLETED, read from the database (shared by a team's servers, so each reports the same figure).
 * FAILED is terminal and only grows: a rise means a purchase failed (compensated or not: the Purchases screen tells);
 * sagas that stay in the middle states past {@code FAMILIAR_SAGA_TIMEOUT_MINUTES} are the recovery job's to finish.
 * Read at most every 10 s whatever the scrape rate; while the database does not answer they read NaN.
 */
public final class PurchaseMetrics {
    public static final String NAME = "familiar.purchase.sagas";

    private PurchaseMetrics() {
    }

    public static void register(MeterRegistry registry, PurchaseQueries queries) {
        register(registry, queries, System::nanoTime);
    }

    static void register(MeterRegistry registry, PurchaseQueries queries, LongSupplier nanoTime) {
        Refreshed<Map<Purchase.Status, Long>> counts = new Refreshed<>(() -> {
            try {
                return queries.countUnfinishedOrFailed();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, Duration.ofSeconds(10), nanoTime);
        for (Purchase.Status status : Purchase.Status.values()) {
            if (status == Purchase.Status.COMPLETED) {
                continue;
            }
            Gauge.builder(NAME, () -> {
                Map<Purchase.Status, Long> now = counts.get();
                return now == null ? Double.NaN : now.get(status);
            }).description("Token purchase sagas by state, COMPLETED left out (FAILED: terminal, only grows)")
                    .tag("status", status.name())
                    .strongReference(true)
                    .register(registry);
        }
    }
}
