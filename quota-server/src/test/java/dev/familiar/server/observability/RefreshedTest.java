package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RefreshedTest {
    final AtomicLong nanos = new AtomicLong(1_000);
    final AtomicInteger reads = new AtomicInteger();

    @Test
    void aReadingIsSharedUntilItIsMaxAgeOld() {
        Refreshed<Integer> value = new Refreshed<>(reads::incrementAndGet, Duration.ofSeconds(10), nanos::get);

        assertThat(value.get()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(value.get()).isEqualTo(1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(value.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedReadingIsNullUntilTheNextOneSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        Refreshed<String> value = new Refreshed<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            return "ok";
        }, Duration.ofSeconds(1), nanos::get);

        assertThat(value.get()).isNull();
        assertThat(value.get()).as("within maxAge the failure is not retried").isNull();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(value.get()).isEqualTo("ok");
    }
}
