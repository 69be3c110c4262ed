package dev.familiar.server.observability;

import dev.familiar.model.diag.HealthReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code familiar_readiness{status="UP"|"DEGRADED"|"DOWN"}}: 1 for the status {@code /health/ready} would answer now,
 * 0 for the others, so an alert can say "DEGRADED for 5 minutes" without polling the route itself. The check runs
 * when Prometheus scrapes (at most once a second, shared by the three series); a check that fails outright counts as
 * DOWN.
 */
public final class ReadinessMetrics {
    public static final String NAME = "familiar.readiness";
    private static final List<String> STATUSES = List.of(HealthReport.UP, HealthReport.DEGRADED, HealthReport.DOWN);

    private ReadinessMetrics() {
    }

    public static void register(MeterRegistry registry, Supplier<HealthReport> ready) {
        register(registry, ready, System::nanoTime);
    }

    static void register(MeterRegistry registry, Supplier<HealthReport> ready, LongSupplier nanoTime) {
        Refreshed<String> status = new Refreshed<>(() -> ready.get().status(), Duration.ofSeconds(1), nanoTime);
        for (String s : STATUSES) {
            Gauge.builder(NAME, () -> s.equals(status.get() == null ? HealthReport.DOWN : status.get()) ? 1 : 0)
                    .description("1 for the status /health/ready answers now (UP, DEGRADED: still 200, DOWN: 503)")
                    .tag("status", s)
                    .strongReference(true)
                    .register(registry);
        }
    }
}
