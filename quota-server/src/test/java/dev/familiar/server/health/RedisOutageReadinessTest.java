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
import dev.familiar.server.Identity;
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
            // what the operations alert reads (docs/OPERATIONS.md): the gauge says DEGRADED too
            String metrics = HttpCalls.get(server.baseUrl() + "/metrics").body();
            assertThat(metrics).containsPattern("familiar_readiness\\{[^}]*status=\"DEGRADED\"[^}]*} 1(\\.0)?\\n");
            assertThat(metrics).containsPattern("familiar_readiness\\{[^}]*status=\"UP\"[^}]*} 0(\\.0)?\\n");
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    @Test
    void quotaAnswersStayCorrectFromTheDatabaseWhileRedisIsDown() throws Exception {
        int port = TestBackend.freePort();
        RedisServer redis = TestBackend.startRedis(port);
        try (FamiliarServer server = TestServers.start(TestServers.config(tempDir).withRedis("redis://127.0.0.1:" + port))) {
            Identity.Org org = new Identity(server).org("starter", 0);
            consume(server, org, "before", 100);

            redis.stop();
            Answer during = consume(server, org, "during", 50);
            Answer check = HttpCalls.post(server.baseUrl() + "/api/quota/check", "{\"orgId\":\"" + org.orgId() + "\"}",
                    org.bearer());

            assertThat(during.status()).isEqualTo(200);
            assertThat(during.json().at("/data/used").asLong()).isEqualTo(150);
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.json().at("/data/remaining").asLong()).isEqualTo(850);
            String metrics = HttpCalls.get(server.baseUrl() + "/metrics").body();
            assertThat(metrics).containsPattern("familiar_redis_degraded\\{[^}]*} 1(\\.0)?\\n");
            assertThat(metrics).containsPattern("familiar_redis_fallbacks_total\\{[^}]*} [1-9]");
            assertThat(HttpCalls.get(server.baseUrl() + "/health/ready").json().at("/checks/quotaCounters/detail").asText())
                    .isEqualTo("redis-degraded");
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    /**
     * Found by TeamRedisOutageDrill: a server whose traffic only writes (usage, consume) stayed DEGRADED after Redis
     * came back, since only a quota read cleared the state; a publication that Redis accepts clears it too.
     */
    @Test
    void readyReturnsToUpWhenRedisIsBackUnderWriteOnlyTraffic() throws Exception {
        int port = TestBackend.freePort();
        RedisServer redis = TestBackend.startRedis(port);
        try (FamiliarServer server = TestServers.start(TestServers.config(tempDir).withRedis("redis://127.0.0.1:" + port))) {
            Identity.Org org = new Identity(server).org("starter", 0);
            redis.stop();
            int[] sent = {0};
            awaitCounters(server, org, sent, "redis-degraded");

            redis = TestBackend.startRedis(port);
            awaitCounters(server, org, sent, "redis");

            assertThat(HttpCalls.get(server.baseUrl() + "/health/ready").json().path("status").asText()).isEqualTo("UP");
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    /** Consumes one unit at a time (writes only, never a quota read) until readiness shows the counters' mode. */
    private static void awaitCounters(FamiliarServer server, Identity.Org org, int[] sent, String mode) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            assertThat(consume(server, org, "write-" + sent[0]++, 1).status()).isEqualTo(200);
            seen = HttpCalls.get(server.baseUrl() + "/health/ready").json().at("/checks/quotaCounters/detail").asText();
            if (seen.equals(mode)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("quotaCounters stayed " + seen + ", expected " + mode);
    }

    private static Answer consume(FamiliarServer server, Identity.Org org, String requestId, long value) {
        return HttpCalls.post(server.baseUrl() + "/api/quota/consume", "{\"orgId\":\"" + org.orgId() + "\",\"value\":" + value
                + ",\"request_id\":\"" + requestId + "\"}", org.bearer());
    }
}
