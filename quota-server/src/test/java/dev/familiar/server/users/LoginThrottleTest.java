package dev.familiar.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new InMemoryFailureStore(clock), clock);

    @Test
    void theFirstFailuresOfAnAccountCostNothing() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("account:a", "address:1");
        }

        assertThat(throttle.waitFor("account:a", "address:1")).isEmpty();
    }

    @Test
    void afterTheFreeFailuresTheAccountWaits30SecondsThenDoubling() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("account:a", "address:" + i);
        }
        assertThat(throttle.waitFor("account:a", "address:x")).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(31));
        assertThat(throttle.waitFor("account:a", "address:x")).isEmpty();

        throttle.failed("account:a", "address:y");
        assertThat(throttle.waitFor("account:a", "address:x")).contains(Duration.ofSeconds(60));
    }

    @Test
    void theDelayNeverExceedsFifteenMinutes() {
        assertThat(LoginThrottle.delayAfter(500, 5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LoginThrottle.delayAfter(4, 5)).isZero();
        assertThat(LoginThrottle.delayAfter(7, 5)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anAddressIsThrottledAfterItsOwnLargerAllowanceAcrossAccounts() {
        for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
            throttle.failed("account:user" + i, "address:nat");
        }

        assertThat(throttle.waitFor("account:fresh", "address:nat")).isPresent();
        assertThat(throttle.waitFor("account:fresh", "address:other")).isEmpty();
    }

    @Test
    void aSuccessClearsTheAccountButNotTheAddress() {
        for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
            throttle.failed("account:a", "address:1");
        }
        throttle.succeeded("account:a");

        assertThat(throttle.waitFor("account:a", "address:2")).isEmpty();
        assertThat(throttle.waitFor("account:a", "address:1")).isPresent();
    }

    @Test
    void failuresAreForgottenAfterTheWindow() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("account:a", "address:1");
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));

        throttle.failed("account:a", "address:1");
        assertThat(throttle.waitFor("account:a", "address:1")).isEmpty();
    }
}
