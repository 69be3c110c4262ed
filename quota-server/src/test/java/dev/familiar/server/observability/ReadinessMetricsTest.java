package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.diag.HealthReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicLong nanos = new AtomicLong();
    final AtomicReference<String> status = new AtomicReference<>(HealthReport.UP);
    final AtomicInteger checks = new AtomicInteger();

    double gauge(String s) {
        return registry.get(ReadinessMetrics.NAME).tag("status", s).gauge().value();
    }

    void registerOverFakeReadiness() {
        ReadinessMetrics.register(registry, () -> {
            checks.incrementAndGet();
            if (status.get() == null) {
                throw new IllegalStateException("the check itself failed");
            }
            return new HealthReport(status.get(), "familiar-server", "test", Map.of());
        }, nanos::get);
    }

    @Test
    void exactlyTheCurrentStatusReadsOne() {
        registerOverFakeReadiness();

        assertThat(gauge("UP")).isEqualTo(1);
        assertThat(gauge("DEGRADED")).isZero();
        assertThat(gauge("DOWN")).isZero();

        status.set(HealthReport.DEGRADED);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(gauge("DEGRADED")).isEqualTo(1);
        assertThat(gauge("UP")).isZero();
        assertThat(gauge("DOWN")).isZero();
    }

    @Test
    void theThreeSeriesOfOneScrapeShareOneCheck() {
        registerOverFakeReadiness();

        gauge("UP");
        gauge("DEGRADED");
        gauge("DOWN");

        assertThat(checks).hasValue(1);
    }

    @Test
    void aCheckThatFailsOutrightCountsAsDown() {
        status.set(null);
        registerOverFakeReadiness();

        assertThat(gauge("DOWN")).isEqualTo(1);
        assertThat(gauge("UP")).isZero();
    }
}
