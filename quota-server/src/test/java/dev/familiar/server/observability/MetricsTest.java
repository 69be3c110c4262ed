package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void metricsCountRequestsPerRouteWithALatencyHistogram() {
        for (int i = 0; i < 3; i++) {
            HttpCalls.get(server.baseUrl() + "/api/diag/smoke");
        }
        HttpCalls.get(server.baseUrl() + "/no/such/route/42");

        Answer metrics = HttpCalls.get(server.baseUrl() + "/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*route=\"/api/diag/smoke\"[^}]*status=\"200\"[^}]*} 3(\\.0)?\\n");
        assertThat(metrics.body()).containsPattern("http_server_requests_seconds_bucket\\{[^}]*route=\"/api/diag/smoke\"");
        assertThat(metrics.body()).containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"UNMATCHED\"[^}]*status=\"404\"");
        assertThat(metrics.body()).doesNotContain("/no/such/route/42");
    }

    @Test
    void smokeIncrementsItsCounterAndTimer() {
        double before = smokeCalls();
        HttpCalls.get(server.baseUrl() + "/api/diag/smoke");
        HttpCalls.post(server.baseUrl() + "/api/diag/smoke", "{\"iterations\": 5}");

        assertThat(smokeCalls()).isEqualTo(before + 2);
        assertThat(HttpCalls.get(server.baseUrl() + "/metrics").body()).contains("familiar_diag_smoke_seconds_count");
    }

    private static double smokeCalls() {
        String body = HttpCalls.get(server.baseUrl() + "/metrics").body();
        return body.lines().filter(l -> l.startsWith("familiar_diag_smoke_calls_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
