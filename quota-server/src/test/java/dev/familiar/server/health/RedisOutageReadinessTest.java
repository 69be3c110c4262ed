package dev.familiar.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * A Redis of the test's own is stopped under a running server: readiness stays 200 but says DEGRADED and names
 * Redis, since the database answers quota reads meanwhile.
 */
class RedisOutageReadinessTest {
    @TempDir
    Path tempDir;

    @Test
    void readyTurnsDegradedNamingRedisWhenRedisStopsAnswering() throws Exception {
        int port = TestBackend.freePort();
        RedisServer redis = TestBackend.startRedis(port);
        try (FamiliarServer server = TestServers.start(TestServers.config(tempDir).withRedis("redis://127.0.0.1:" + port))) {
            assertThat(HttpCalls.get(server.baseUrl() + "/health/ready").status()).isEqualTo(200);

            redis.stop();
            Answer answer = HttpCalls.get(server.baseUrl() + "/health/ready");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(body.at("/checks/redis/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/checks/database/status").asText()).isEqualTo("UP");
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }
}
