package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.llm.ratelimit.LeakyBucket;
import dev.familiar.server.llm.ratelimit.LeakyBucket.Decision;
import dev.familiar.server.llm.ratelimit.LeakyBucket.Limits;
import dev.familiar.server.llm.ratelimit.LeakyBucket.State;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeakyBucketTest {
    static final Instant T0 = Instant.parse("2026-02-05T15:00:00Z");
    static final Limits DEFAULT = new Limits(1000, 10);

    @Test
    void anEmptyBucketAdmitsUpToItsCapacity() {
        Decision d = LeakyBucket.offer(State.empty(T0), DEFAULT, 1000, T0);
        assertThat(d.allowed()).isTrue();
        assertThat(d.used()).isEqualTo(1000);
        assertThat(d.remaining()).isZero();
        assertThat(d.waitSeconds()).isZero();
    }

    @Test
    void aFullBucketRefusesWithTheSecondsUntilTheRequestFits() {
        State full = new State(1000, T0);
        Decision d = LeakyBucket.offer(full, DEFAULT, 150, T0);
        assertThat(d.allowed()).isFalse();
        assertThat(d.used()).isEqualTo(1000);
        assertThat(d.remaining()).isZero();
        assertThat(d.waitSeconds()).isEqualTo(15); // 150 tokens at 10/s
        assertThat(d.next().level()).isEqualTo(1000); // a refusal adds nothing
    }

    @ParameterizedTest
    @CsvSource({"0,1000,0", "1,990,10", "50,500,500", "100,0,1000", "250,0,1000"})
    void theBucketLeaksAtItsRate(long seconds, long usedAfter, long remainingAfter) {
        State full = new State(1000, T0);
        Instant later = T0.plusSeconds(seconds);
        assertThat((long) Math.ceil(LeakyBucket.levelAt(full, DEFAULT, later))).isEqualTo(usedAfter);
        assertThat(LeakyBucket.remaining(full, DEFAULT, later)).isEqualTo(remainingAfter);
    }

    @Test
    void theRefusalsWaitIsExactlyEnough() {
        State full = new State(1000, T0);
        Decision refused = LeakyBucket.offer(full, DEFAULT, 95, T0);
        assertThat(refused.waitSeconds()).isEqualTo(10); // 9.5 s rounded up
        assertThat(LeakyBucket.offer(refused.next(), DEFAULT, 95, T0.plusSeconds(9)).allowed()).isFalse();
        assertThat(LeakyBucket.offer(refused.next(), DEFAULT, 95, T0.plusSeconds(10)).allowed()).isTrue();
    }

    @Test
    void aRequestLargerThanTheCapacityIsAdmittedOnlyIntoAnEmptyBucket() {
        Decision first = LeakyBucket.offer(State.empty(T0), DEFAULT, 5000, T0);
        assertThat(first.allowed()).isTrue();
        assertThat(first.used()).isEqualTo(5000);
        assertThat(first.remaining()).isZero();
        Decision second = LeakyBucket.offer(first.next(), DEFAULT, 1, T0.plusSeconds(1));
        assertThat(second.allowed()).isFalse();
        assertThat(second.waitSeconds()).isEqualTo(400); // 4990 over capacity at 10/s, minus the 1 token request
        Decision notEmpty = LeakyBucket.offer(new State(1, T0), DEFAULT, 5000, T0);
        assertThat(notEmpty.allowed()).isFalse();
        assertThat(notEmpty.waitSeconds()).isEqualTo(1);
    }

    @Test
    void aClockGoingBackNeitherLeaksNorBreaks() {
        State s = new State(500, T0);
        Decision d = LeakyBucket.offer(s, DEFAULT, 100, T0.minusSeconds(30));
        assertThat(d.allowed()).isTrue();
        assertThat(d.used()).isEqualTo(600);
        assertThat(d.next().at()).isEqualTo(T0);
    }

    @Test
    void aTenantOverrideOf500Per60SecondsLeaksAFractionPerSecond() {
        Limits acme = new Limits(500, 500 / 60.0);
        Decision d = LeakyBucket.offer(new State(500, T0), acme, 100, T0);
        assertThat(d.allowed()).isFalse();
        assertThat(d.waitSeconds()).isEqualTo(12); // 100 / 8.33 = 12
        assertThat(LeakyBucket.offer(new State(500, T0), acme, 100, T0.plusSeconds(12)).allowed()).isTrue();
    }

    @Test
    void badLimitsAndRequestsAreRefused() {
        assertThatThrownBy(() -> new Limits(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LeakyBucket.offer(State.empty(T0), DEFAULT, 0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Whatever the sequence, the tokens admitted in any span of t seconds never exceed the capacity plus what leaks
     * in t (plus one oversized request into an empty bucket), and the bucket never holds more than its capacity
     * after an admission of a request that fits.
     */
    @Test
    void randomSequencesNeverAdmitMoreThanTheBucketAllows() {
        Random random = new Random(20261125);
        for (int run = 0; run < 200; run++) {
            Limits limits = new Limits(1 + random.nextInt(2000), 0.5 + random.nextDouble() * 50);
            State state = State.empty(T0);
            Instant now = T0;
            long admitted = 0;
            for (int i = 0; i < 300; i++) {
                now = now.plus(Duration.ofMillis(random.nextInt(2000)));
                long tokens = 1 + random.nextInt((int) Math.min(limits.capacity(), 300));
                double before = LeakyBucket.levelAt(state, limits, now);
                Decision d = LeakyBucket.offer(state, limits, tokens, now);
                assertThat(d.allowed()).isEqualTo(before + tokens <= limits.capacity());
                if (d.allowed()) {
                    admitted += tokens;
                    assertThat(d.next().level()).isLessThanOrEqualTo(limits.capacity());
                } else {
                    assertThat(d.waitSeconds()).isPositive();
                    State waited = d.next();
                    Instant then = now.plusSeconds(d.waitSeconds());
                    assertThat(LeakyBucket.levelAt(waited, limits, then) + tokens).isLessThanOrEqualTo(limits.capacity() + 1e-6);
                }
                assertThat(d.used() + d.remaining()).isEqualTo(Math.max(d.used(), limits.capacity()));
                state = d.next();
            }
            double elapsed = Duration.between(T0, now).toMillis() / 1000.0;
            assertThat((double) admitted).isLessThanOrEqualTo(limits.capacity() + elapsed * limits.leakPerSecond() + 1e-6);
        }
    }
}
