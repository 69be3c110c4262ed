package dev.familiar.server.llm.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.PlainErrors;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every analytics route refuses bad parameters with a 400 in the plain family, naming the field. */
@Tag("storage")
class AnalyticsBadInputTest {
    static final String UUID = "3f1f1f1f-0000-4000-8000-000000000002";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), new MutableClock(Instant.parse("2026-03-10T12:00:00Z")));
        admin = new Identity(server).admin();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "usage?limit=0|limit",
            "usage?limit=201|limit",
            "usage?limit=" + UUID + "|limit",
            "usage?provider=" + UUID + "|provider",
            "usage?provider=|provider",
            "report|provider",
            "report?provider=|provider",
            "report?provider=nope|provider",
            "report?provider=" + UUID + "&windowMinutes=" + UUID + "&limit=" + UUID + "|provider",
            "report?provider=openai&windowMinutes=0|windowMinutes",
            "report?provider=openai&windowMinutes=525601|windowMinutes",
            "report?provider=openai&windowMinutes=99999999999|windowMinutes",
            "report?provider=openai&limit=0|limit",
            "report?provider=openai&limit=101|limit",
            "anomalies|provider",
            "anomalies?provider=OPENAI|provider",
            "anomalies?provider=openai&windowMinutes=-5|windowMinutes",
            "anomalies?provider=openai&baselineWindows=0|baselineWindows",
            "anomalies?provider=openai&baselineWindows=1001|baselineWindows",
            "anomalies?provider=openai&thresholdMultiplier=1|thresholdMultiplier",
            "anomalies?provider=openai&thresholdMultiplier=0.5|thresholdMultiplier",
            "anomalies?provider=openai&thresholdMultiplier=100.01|thresholdMultiplier",
            "anomalies?provider=openai&thresholdMultiplier=NaN|thresholdMultiplier",
            "anomalies?provider=openai&thresholdMultiplier=" + UUID + "|thresholdMultiplier",
            "cost?from=yesterday|from",
            "cost?from=" + UUID + "|from",
            "cost?to=2026-13-01T00:00:00Z|to",
            "cost?from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z|to",
            "cost?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z|to",
            "cost?from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z|from",
            "cost?from=2026-04-01T00:00:00Z|to",
            "cost?provider=nope|provider",
            "usage?purpose=rnd|purpose",
            "report?provider=openai&purpose=BOTH|purpose",
            "anomalies?provider=openai&purpose=|purpose",
    })
    void badParametersAreA400NamingTheField(String query, String field) {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/" + query, admin.bearer());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode body = answer.json();
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("timestamp").asText()).isNotBlank();
        assertThat(PlainErrors.byField(body).path(field).asText()).as(answer.body()).isNotBlank();
        assertThat(body.has("ok")).as("the plain family, not the envelope").isFalse();
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        for (String query : new String[] {"usage?limit=1", "usage?limit=200", "report?provider=qwen&windowMinutes=1&limit=1",
                "report?provider=qwen&windowMinutes=525600&limit=100",
                "anomalies?provider=gemini&windowMinutes=525600&baselineWindows=1000&thresholdMultiplier=100",
                "anomalies?provider=gemini&thresholdMultiplier=1.0001",
                "cost?from=2025-03-09T12:00:00Z&to=2026-03-10T12:00:00Z", "usage?purpose=PRODUCT",
                "report?provider=qwen&purpose=R%26D", "anomalies?provider=gemini&purpose=RND"}) {
            Answer answer = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/" + query, admin.bearer());
            assertThat(answer.status()).as(query + " " + answer.body()).isEqualTo(200);
        }
    }

    @Test
    void healthIsPublic() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/health");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("ok");
        assertThat(answer.json().path("service").asText()).isEqualTo("analytics");
        assertThat(answer.json().path("retentionDays").asLong()).isEqualTo(90);
        assertThat(Instant.parse(answer.json().path("timestamp").asText())).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
    }

    @Test
    void everyOtherRouteNeedsACredential() {
        for (String route : new String[] {"usage", "report?provider=openai", "anomalies?provider=openai", "cost"}) {
            Answer answer = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/" + route);
            assertThat(answer.status()).as(route).isEqualTo(401);
            assertThat(answer.json().path("message").asText()).isNotBlank();
        }
    }
}
