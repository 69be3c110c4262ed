package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.llm.AnalyticsViews.Anomaly;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
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

    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(NOW);
    static FamiliarServer server;
    static Identity identity;
    static UsageRows rows;
    static TypedClients clients;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        rows = new UsageRows(identity.dataSource());
        clients = new TypedClients(server);
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.stop();
    }

    static Instant ago(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    /** qwen, the current hour against the four before it, at {@code threshold} (null: the default). */
    static Anomaly hourly(Account caller, String threshold) {
        BigDecimal multiplier = threshold == null ? null : new BigDecimal(threshold);
        return clients.as(caller).analytics().anomalies("qwen", 60, 4, multiplier);
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

    @Test
    void aSpikeOverAFlatBaselineIsAnAnomaly() {
        Account user = userWithFlatBaseline("anomaly-spike");
        rows.add(user.userId(), user.tenantId(), "qwen", 300, ALLOWED, ago(10));
        rows.add(user.userId(), user.tenantId(), "qwen", 200, ALLOWED, NOW);

        Anomaly body = hourly(user, null);

        assertThat(body.provider()).isEqualTo("qwen");
        assertThat(body.windowStart()).isEqualTo(ago(60));
        assertThat(body.windowEnd()).isEqualTo(NOW);
        assertThat(body.currentTokens()).isEqualTo(500);
        assertThat(body.baselineAverage()).isEqualByComparingTo("100");
        assertThat(body.ratio()).isEqualByComparingTo("5");
        assertThat(body.threshold()).isEqualByComparingTo("3.0");
        assertThat(body.anomaly()).isTrue();
        assertThat(hourly(user, "5").anomaly()).as("a ratio equal to the threshold is an anomaly").isTrue();
        Anomaly higher = hourly(user, "5.01");
        assertThat(higher.anomaly()).isFalse();
        assertThat(higher.threshold()).isEqualByComparingTo("5.01");
    }

    @Test
    void aFlatHourIsNoAnomaly() {
        Account user = userWithFlatBaseline("anomaly-flat");
        rows.add(user.userId(), user.tenantId(), "qwen", 100, ALLOWED, ago(30));

        Anomaly body = hourly(user, null);

        assertThat(body.currentTokens()).isEqualTo(100);
        assertThat(body.baselineAverage()).isEqualByComparingTo("100");
        assertThat(body.ratio()).isEqualByComparingTo("1");
        assertThat(body.anomaly()).isFalse();
    }

    @Test
    void emptyBaselineWindowsCountAsZero() {
        Account user = identity.register("anomaly-gaps");
        rows.add(user.userId(), user.tenantId(), "qwen", 100, ALLOWED, ago(90));
        rows.add(user.userId(), user.tenantId(), "qwen", 200, ALLOWED, ago(200));
        rows.add(user.userId(), user.tenantId(), "qwen", 300, ALLOWED, ago(60)); // the first baseline hour's end
        rows.add(user.userId(), user.tenantId(), "qwen", 300, ALLOWED, ago(59));

        Anomaly body = hourly(user, null);

        // baseline hours, newest first: 400 (the event at exactly 60 minutes ago ends it), 0, 200, 0 → 150 per hour
        assertThat(body.baselineAverage()).isEqualByComparingTo("150");
        assertThat(body.currentTokens()).isEqualTo(300);
        assertThat(body.ratio()).isEqualByComparingTo("2");
        assertThat(body.anomaly()).isFalse();
        Anomaly eight = clients.as(user).analytics().anomalies("qwen", null, 8, null);
        // 600 tokens over 8 hours → 75 per hour; 300 / 75 = 4
        assertThat(eight.baselineAverage()).isEqualByComparingTo("75");
        assertThat(eight.ratio()).isEqualByComparingTo("4");
        assertThat(eight.anomaly()).isTrue();
    }

    @Test
    void withoutABaselineTheRatioIsTheCurrentTokensAndNothingIsAnAnomaly() {
        Account user = identity.register("anomaly-new");
        Anomaly empty = hourly(user, null);
        rows.add(user.userId(), user.tenantId(), "qwen", 250, ALLOWED, ago(5));

        Anomaly first = hourly(user, null);

        assertThat(empty.currentTokens()).isZero();
        assertThat(empty.ratio()).isEqualByComparingTo("0");
        assertThat(empty.anomaly()).isFalse();
        assertThat(first.currentTokens()).isEqualTo(250);
        assertThat(first.baselineAverage()).isEqualByComparingTo("0");
        assertThat(first.ratio()).isEqualByComparingTo("250");
        assertThat(first.anomaly()).isFalse();
    }

    @Test
    void anAdminSeesEveryUsersTokensAndAUserOnlyTheirOwn() {
        Account alice = identity.register("anomaly-alice");
        Account bob = identity.register("anomaly-bob");
        rows.add(alice.userId(), alice.tenantId(), "gemini", 40, ALLOWED, ago(5));
        rows.add(bob.userId(), bob.tenantId(), "gemini", 60, ALLOWED, ago(5));

        assertThat(geminiTokens(alice)).isEqualTo(40);
        assertThat(geminiTokens(bob)).isEqualTo(60);
        assertThat(geminiTokens(identity.admin())).isEqualTo(100);
    }

    static long geminiTokens(Account caller) {
        return clients.as(caller).analytics().anomalies("gemini", null, null, null).currentTokens();
    }
}
