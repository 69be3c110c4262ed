package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/analytics/anomalies}: the current hour against the mean of the hours before it. Each test has
 * its own user, whose numbers only they see.
 */
@Tag("storage")
class AnalyticsAnomalyTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final String QUERY = "?provider=qwen&windowMinutes=60&baselineWindows=4";

    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(NOW);
    static FamiliarServer server;
    static Identity identity;
    static UsageRows rows;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        rows = new UsageRows(identity.dataSource());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Instant ago(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    static JsonNode anomalies(Account caller, String query) {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/anomalies" + query, caller.bearer());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** 100 allowed tokens in each of the four hours before the current one, plus noise that must not count. */
    static Account userWithFlatBaseline(String name) {
        Account user = identity.register(name);
        for (long minutes : new long[] {90, 150, 210, 270}) {
            rows.add(user.userId(), user.tenantId(), "qwen", 100, ALLOWED, ago(minutes));
        }
        rows.add(user.userId(), user.tenantId(), "qwen", 10_000, ALLOWED, ago(301)); // before the baseline
        rows.add(user.userId(), user.tenantId(), "qwen", 5_000, RATE_LIMITED, ago(10)); // denied
        rows.add(user.userId(), user.tenantId(), "openai", 9_000, ALLOWED, ago(10)); // another provider
        return user;
    }

    static BigDecimal decimal(JsonNode body, String field) {
        return body.path(field).decimalValue();
    }

    @Test
    void aSpikeOverAFlatBaselineIsAnAnomaly() {
        Account user = userWithFlatBaseline("anomaly-spike");
        rows.add(user.userId(), user.tenantId(), "qwen", 300, ALLOWED, ago(10));
        rows.add(user.userId(), user.tenantId(), "qwen", 200, ALLOWED, NOW);

        JsonNode body = anomalies(user, QUERY);

        assertThat(body.path("provider").asText()).isEqualTo("qwen");
        assertThat(Instant.parse(body.path("windowStart").asText())).isEqualTo(ago(60));
        assertThat(Instant.parse(body.path("windowEnd").asText())).isEqualTo(NOW);
        assertThat(body.path("currentTokens").asLong()).isEqualTo(500);
        assertThat(decimal(body, "baselineAverage")).isEqualByComparingTo("100");
        assertThat(decimal(body, "ratio")).isEqualByComparingTo("5");
        assertThat(decimal(body, "threshold")).isEqualByComparingTo("3.0");
        assertThat(body.path("anomaly").asBoolean()).isTrue();
        assertThat(anomalies(user, QUERY + "&thresholdMultiplier=5").path("anomaly").asBoolean())
                .as("a ratio equal to the threshold is an anomaly").isTrue();
        JsonNode higher = anomalies(user, QUERY + "&thresholdMultiplier=5.01");
        assertThat(higher.path("anomaly").asBoolean()).isFalse();
        assertThat(decimal(higher, "threshold")).isEqualByComparingTo("5.01");
    }

    @Test
    void aFlatHourIsNoAnomaly() {
        Account user = userWithFlatBaseline("anomaly-flat");
        rows.add(user.userId(), user.tenantId(), "qwen", 100, ALLOWED, ago(30));

        JsonNode body = anomalies(user, QUERY);

        assertThat(body.path("currentTokens").asLong()).isEqualTo(100);
        assertThat(decimal(body, "baselineAverage")).isEqualByComparingTo("100");
        assertThat(decimal(body, "ratio")).isEqualByComparingTo("1");
        assertThat(body.path("anomaly").asBoolean()).isFalse();
    }

    @Test
    void emptyBaselineWindowsCountAsZero() {
        Account user = identity.register("anomaly-gaps");
        rows.add(user.userId(), user.tenantId(), "qwen", 100, ALLOWED, ago(90));
        rows.add(user.userId(), user.tenantId(), "qwen", 200, ALLOWED, ago(200));
        rows.add(user.userId(), user.tenantId(), "qwen", 300, ALLOWED, ago(60)); // the first baseline hour's end
        rows.add(user.userId(), user.tenantId(), "qwen", 300, ALLOWED, ago(59));

        JsonNode body = anomalies(user, QUERY);

        // baseline hours, newest first: 400 (the event at exactly 60 minutes ago ends it), 0, 200, 0 → 150 per hour
        assertThat(decimal(body, "baselineAverage")).isEqualByComparingTo("150");
        assertThat(body.path("currentTokens").asLong()).isEqualTo(300);
        assertThat(decimal(body, "ratio")).isEqualByComparingTo("2");
        assertThat(body.path("anomaly").asBoolean()).isFalse();
        JsonNode eight = anomalies(user, "?provider=qwen&baselineWindows=8");
        // 600 tokens over 8 hours → 75 per hour; 300 / 75 = 4
        assertThat(decimal(eight, "baselineAverage")).isEqualByComparingTo("75");
        assertThat(decimal(eight, "ratio")).isEqualByComparingTo("4");
        assertThat(eight.path("anomaly").asBoolean()).isTrue();
    }

    @Test
    void withoutABaselineTheRatioIsTheCurrentTokensAndNothingIsAnAnomaly() {
        Account user = identity.register("anomaly-new");
        JsonNode empty = anomalies(user, QUERY);
        rows.add(user.userId(), user.tenantId(), "qwen", 250, ALLOWED, ago(5));

        JsonNode first = anomalies(user, QUERY);

        assertThat(empty.path("currentTokens").asLong()).isZero();
        assertThat(decimal(empty, "ratio")).isEqualByComparingTo("0");
        assertThat(empty.path("anomaly").asBoolean()).isFalse();
        assertThat(first.path("currentTokens").asLong()).isEqualTo(250);
        assertThat(decimal(first, "baselineAverage")).isEqualByComparingTo("0");
        assertThat(decimal(first, "ratio")).isEqualByComparingTo("250");
        assertThat(first.path("anomaly").asBoolean()).isFalse();
    }

    @Test
    void anAdminSeesEveryUsersTokensAndAUserOnlyTheirOwn() {
        Account alice = identity.register("anomaly-alice");
        Account bob = identity.register("anomaly-bob");
        rows.add(alice.userId(), alice.tenantId(), "gemini", 40, ALLOWED, ago(5));
        rows.add(bob.userId(), bob.tenantId(), "gemini", 60, ALLOWED, ago(5));

        assertThat(anomalies(alice, "?provider=gemini").path("currentTokens").asLong()).isEqualTo(40);
        assertThat(anomalies(bob, "?provider=gemini").path("currentTokens").asLong()).isEqualTo(60);
        assertThat(anomalies(identity.admin(), "?provider=gemini").path("currentTokens").asLong()).isEqualTo(100);
    }
}
