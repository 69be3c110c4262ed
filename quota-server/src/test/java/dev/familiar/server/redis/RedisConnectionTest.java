package dev.familiar.server.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisConnectionTest {

    @Test
    void reconnectAttemptsNeverWaitLongerThanTwoSeconds() {
        for (long attempt = 1; attempt <= 64; attempt++) {
            assertThat(RedisConnection.RECONNECT_DELAY.createDelay(attempt))
                    .as("delay before reconnect attempt %d", attempt)
                    .isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @Test
    void reconnectAttemptsBackOffFromTheFirstToTheLast() {
        assertThat(RedisConnection.RECONNECT_DELAY.createDelay(1))
                .isLessThan(RedisConnection.RECONNECT_DELAY.createDelay(10));
    }
}
