package dev.familiar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void anEntryLivesUntilItsOwnExpiry() {
        ExpiringCache<String> cache = new ExpiringCache<>(10, clock);
        cache.put("k", "v", clock.instant().plusSeconds(60));

        assertThat(cache.get("k")).contains("v");
        clock.advance(Duration.ofSeconds(60));
        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void alreadyExpiredValuesAreNotStored() {
        ExpiringCache<String> cache = new ExpiringCache<>(10, clock);
        cache.put("k", "v", clock.instant());

        assertThat(cache.get("k")).isEmpty();
    }

    @Test
    void theCacheNeverGrowsPastItsBound() {
        ExpiringCache<String> cache = new ExpiringCache<>(100, clock);
        for (int i = 0; i < 1_000; i++) {
            cache.put("k" + i, "v", clock.instant().plusSeconds(60));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(100);
        assertThat(cache.get("k999")).contains("v");
    }

    @Test
    void entriesCanBeDroppedByValue() {
        ExpiringCache<String> cache = new ExpiringCache<>(10, clock);
        cache.put("a", "alice", clock.instant().plusSeconds(60));
        cache.put("b", "bob", clock.instant().plusSeconds(60));

        cache.invalidateIf("alice"::equals);

        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.get("b")).contains("bob");
    }
}
