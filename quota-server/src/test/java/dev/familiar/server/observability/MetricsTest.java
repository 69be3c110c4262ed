package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.Request;
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
    void metricsExposeReadinessAndTheOpenWebhookEventsAndPurchaseSagasOperationsAlertOn() {
        String metrics = HttpCalls.get(server.baseUrl() + "/metrics").body();

        assertThat(metrics).containsPattern("familiar_readiness\\{[^}]*status=\"UP\"[^}]*} 1(\\.0)?\\n");
        assertThat(metrics).containsPattern("familiar_readiness\\{[^}]*status=\"DEGRADED\"[^}]*} 0(\\.0)?\\n");
        assertThat(metrics).containsPattern("familiar_readiness\\{[^}]*status=\"DOWN\"[^}]*} 0(\\.0)?\\n");
        assertThat(metrics).containsPattern("familiar_webhook_events\\{[^}]*status=\"FAILED\"[^}]*} 0(\\.0)?\\n");
        assertThat(metrics).containsPattern("familiar_webhook_events\\{[^}]*status=\"PENDING\"[^}]*} \\d");
        assertThat(metrics).containsPattern("familiar_purchase_sagas\\{[^}]*status=\"FAILED\"[^}]*} 0(\\.0)?\\n");
        assertThat(metrics).doesNotContain("status=\"COMPLETED\"");
    }

    @Test
    void smokeIncrementsItsCounterAndTimer() {
        double before = smokeCalls();
        HttpCalls.get(server.baseUrl() + "/api/diag/smoke");
        HttpCalls.post(server.baseUrl() + "/api/diag/smoke", "{\"iterations\": 5}");

        assertThat(smokeCalls()).isEqualTo(before + 2);
        assertThat(HttpCalls.get(server.baseUrl() + "/metrics").body()).contains("familiar_diag_smoke_seconds_count");
    }

    @Test
    void inventedMethodsAndUnmatchedPathsDoNotGrowTheSeries() {
        Random random = new Random(11);
        // One request of each kind first, so the shared label values (OTHER, UNMATCHED) already exist.
        send("INVENTED", "/warm-up/" + random.nextInt());
        HttpCalls.get(server.baseUrl() + "/warm-up/" + random.nextInt());
        HttpCalls.get(server.baseUrl() + "/metrics"); // a scrape is counted after it answers
        Set<String> before = nonJvmSeries();

        Set<String> sentMethods = new TreeSet<>();
        for (int i = 0; i < 3000; i++) {
            String method = "M" + Integer.toString(random.nextInt(Integer.MAX_VALUE), 36).toUpperCase() + i;
            sentMethods.add(method);
            String path = "/p" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "/" + i;
            int status = i % 3 == 0 ? send(method, path) : send(i % 2 == 0 ? method : "GET", "/api/diag/smoke/" + i);
            assertThat(status).isBetween(400, 499);
        }
        Set<String> after = nonJvmSeries();

        assertThat(after).isEqualTo(before);
        String scrape = HttpCalls.get(server.baseUrl() + "/metrics").body();
        assertThat(scrape).contains("method=\"OTHER\"").doesNotContain("/p").doesNotContain(sentMethods.iterator().next());
    }

    @Test
    void labelsOutsideTheStandardSetsShareOneValue() {
        assertThat(HttpMetrics.methodLabel("PATCH")).isEqualTo("PATCH");
        assertThat(HttpMetrics.methodLabel("patch")).isEqualTo(HttpMetrics.OTHER);
        assertThat(HttpMetrics.methodLabel("PROPFIND")).isEqualTo(HttpMetrics.OTHER);
        assertThat(HttpMetrics.statusLabel(431)).isEqualTo("431");
        assertThat(HttpMetrics.statusLabel(0)).isEqualTo(HttpMetrics.OTHER);
        assertThat(HttpMetrics.statusLabel(1000)).isEqualTo(HttpMetrics.OTHER);
    }

    private static int send(String method, String path) {
        return HttpCalls.call(new Request.Builder().url(server.baseUrl() + path).method(method, null).build()).status();
    }

    /** Every series (name and labels) except the JVM's and the process's own, which move by themselves. */
    private static Set<String> nonJvmSeries() {
        Set<String> series = new TreeSet<>();
        HttpCalls.get(server.baseUrl() + "/metrics").body().lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .filter(l -> !l.startsWith("jvm_") && !l.startsWith("process_") && !l.startsWith("system_"))
                .map(l -> l.substring(0, l.lastIndexOf(' ')))
                .forEach(series::add);
        return series;
    }

    private static double smokeCalls() {
        String body = HttpCalls.get(server.baseUrl() + "/metrics").body();
        return body.lines().filter(l -> l.startsWith("familiar_diag_smoke_calls_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
