package dev.familiar.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on H2, then again on PostgreSQL + Redis: readiness reports the storage that is really in use. */
@Tag("storage")
class ReadinessTest {
    @TempDir
    Path tempDir;

    @Test
    void readyIsUpAndNamesTheDatabaseInUse() {
        try (FamiliarServer server = TestServers.start(tempDir)) {
            Answer answer = HttpCalls.get(server.baseUrl() + "/health/ready");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode body = answer.json();
            assertThat(body.path("status").asText()).isEqualTo("UP");
            String expectedDb = TestBackend.kind() == TestBackend.Kind.POSTGRES ? "postgres" : "h2";
            assertThat(body.at("/checks/database/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/database/detail").asText()).isEqualTo(expectedDb);
        }
    }

    @Test
    void redisIsCheckedExactlyWhenItIsConfigured() {
        try (FamiliarServer server = TestServers.start(tempDir)) {
            JsonNode body = HttpCalls.get(server.baseUrl() + "/health/ready").json();

            if (TestBackend.kind() == TestBackend.Kind.POSTGRES) {
                assertThat(body.at("/checks/redis/status").asText()).isEqualTo("UP");
            } else {
                assertThat(body.path("checks").has("redis")).isFalse();
            }
        }
    }

    @Test
    void liveIsUpWithoutCheckingDependencies() {
        try (FamiliarServer server = TestServers.start(tempDir)) {
            Answer answer = HttpCalls.get(server.baseUrl() + "/health/live");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("status").asText()).isEqualTo("UP");
            assertThat(answer.json().path("checks").size()).isZero();
        }
    }
}
