package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.NO_QUOTA;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.PROVIDER_FAILED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.llm.AnalyticsViews.Report;
import dev.familiar.model.llm.AnalyticsViews.TopUser;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.testing.GoldenFiles;
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

/** {@code GET /api/v1/analytics/report} over an exact dataset: every field, the window's edges, scoping. */
@Tag("storage")
class AnalyticsReportTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final String CAROL = "00000000-0000-4000-8000-00000000000c";
    static final String DAVE = "00000000-0000-4000-8000-00000000000d";
    static final String OTHER_TENANT = "00000000-0000-4000-8000-0000000000ff";

    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(NOW);
    static FamiliarServer server;
    static Account alice;
    static Account bob;
    static Account admin;
    static TypedClients clients;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        Identity identity = new Identity(server);
        alice = identity.register("report-alice");
        bob = identity.register("report-bob");
        admin = identity.admin();
        clients = new TypedClients(server);
        UsageRows rows = new UsageRows(identity.dataSource());
        // inside the window (NOW - 60 min, NOW]
        rows.add(alice.userId(), alice.tenantId(), "openai", 100, ALLOWED, ago(10));
        rows.add(alice.userId(), alice.tenantId(), "openai", 60, ALLOWED, ago(20));
        rows.add(alice.userId(), alice.tenantId(), "openai", 30, RATE_LIMITED, ago(5));
        rows.add(bob.userId(), bob.tenantId(), "openai", 301, ALLOWED, ago(30));
        rows.add(bob.userId(), bob.tenantId(), "openai", 40, NO_QUOTA, NOW);
        rows.add(CAROL, OTHER_TENANT, "openai", 150, ALLOWED, ago(59));
        rows.add(CAROL, OTHER_TENANT, "openai", 10, PROVIDER_FAILED, ago(1));
        rows.add(DAVE, OTHER_TENANT, "openai", 150, ALLOWED, ago(40));
        // outside: the window's start is exclusive, an older event, a later one, another provider
        rows.add(alice.userId(), alice.tenantId(), "openai", 1_000, ALLOWED, ago(60));
        rows.add(bob.userId(), bob.tenantId(), "openai", 500, ALLOWED, ago(120));
        rows.add(bob.userId(), bob.tenantId(), "openai", 800, ALLOWED, NOW.plusSeconds(1));
        rows.add(alice.userId(), alice.tenantId(), "qwen", 700, ALLOWED, ago(10));
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.stop();
    }

    static Instant ago(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    /** The report of {@code provider} as {@code caller} sees it; a null window or limit is the server's default. */
    static Report report(Account caller, String provider, Integer windowMinutes, Integer limit) {
        return clients.as(caller).analytics().report(provider, windowMinutes, limit);
    }

    static Report report(Account caller, String provider) {
        return report(caller, provider, null, null);
    }

    @Test
    void anAdminSeesEveryUsersNumbersInTheWindow() {
        Report body = report(admin, "openai");

        assertThat(body.provider()).isEqualTo("openai");
        assertThat(body.windowStart()).isEqualTo(ago(60));
        assertThat(body.windowEnd()).isEqualTo(NOW);
        assertThat(body.totalEvents()).isEqualTo(8);
        assertThat(body.allowedEvents()).isEqualTo(5);
        assertThat(body.deniedEvents()).isEqualTo(3);
        assertThat(body.totalTokens()).isEqualTo(761);
        assertThat(body.averageTokens()).isEqualByComparingTo(new BigDecimal("152.20"));
        assertThat(body.uniqueUsers()).isEqualTo(4);
        assertThat(body.topUsers()).containsExactly(new TopUser(bob.userId(), 301, 2),
                new TopUser(alice.userId(), 160, 3), new TopUser(CAROL, 150, 2), new TopUser(DAVE, 150, 1));
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/report?provider=openai", admin.bearer());
        assertThat(answer.status()).isEqualTo(200);
        GoldenFiles.assertMatches("analytics-report-200", answer.status(), answer.body());
    }

    @Test
    void limitCutsTheTopUsersButNotTheTotals() {
        Report body = report(admin, "openai", null, 3);

        assertThat(body.topUsers()).extracting(TopUser::userId).containsExactly(bob.userId(), alice.userId(), CAROL);
        assertThat(body.uniqueUsers()).isEqualTo(4);
        assertThat(body.totalTokens()).isEqualTo(761);
    }

    @Test
    void aWiderWindowTakesInOlderEvents() {
        Report body = report(admin, "openai", 180, null);

        assertThat(body.windowStart()).isEqualTo(ago(180));
        assertThat(body.totalEvents()).isEqualTo(10);
        assertThat(body.totalTokens()).isEqualTo(761 + 1_000 + 500);
    }

    @Test
    void aUserSeesOnlyTheirOwnNumbers() {
        Report body = report(alice, "openai");

        assertThat(body.totalEvents()).isEqualTo(3);
        assertThat(body.allowedEvents()).isEqualTo(2);
        assertThat(body.deniedEvents()).isEqualTo(1);
        assertThat(body.totalTokens()).isEqualTo(160);
        assertThat(body.averageTokens()).isEqualByComparingTo(new BigDecimal("80"));
        assertThat(body.uniqueUsers()).isEqualTo(1);
        assertThat(body.topUsers()).extracting(TopUser::userId).containsExactly(alice.userId());
        assertThat(report(bob, "openai").totalTokens()).isEqualTo(301);
    }

    @Test
    void anotherProviderHasItsOwnNumbersAndAnEmptyWindowIsAllZero() {
        Report qwen = report(admin, "qwen");
        Report gemini = report(admin, "gemini");

        assertThat(qwen.totalTokens()).isEqualTo(700);
        assertThat(qwen.totalEvents()).isEqualTo(1);
        assertThat(gemini.totalEvents()).isZero();
        assertThat(gemini.totalTokens()).isZero();
        assertThat(gemini.averageTokens()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(gemini.uniqueUsers()).isZero();
        assertThat(gemini.topUsers()).isEmpty();
    }
}
