package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.NO_QUOTA;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.PROVIDER_FAILED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        Identity identity = new Identity(server);
        alice = identity.register("report-alice");
        bob = identity.register("report-bob");
        admin = identity.admin();
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
        server.stop();
    }

    static Instant ago(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    static Answer report(Account caller, String query) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/analytics/report?" + query, caller.bearer());
    }

    static List<String> topUserIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("topUsers").forEach(u -> ids.add(u.path("userId").asText()));
        return ids;
    }

    @Test
    void anAdminSeesEveryUsersNumbersInTheWindow() {
        Answer answer = report(admin, "provider=openai");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("provider").asText()).isEqualTo("openai");
        assertThat(Instant.parse(body.path("windowStart").asText())).isEqualTo(ago(60));
        assertThat(Instant.parse(body.path("windowEnd").asText())).isEqualTo(NOW);
        assertThat(body.path("totalEvents").asLong()).isEqualTo(8);
        assertThat(body.path("allowedEvents").asLong()).isEqualTo(5);
        assertThat(body.path("deniedEvents").asLong()).isEqualTo(3);
        assertThat(body.path("totalTokens").asLong()).isEqualTo(761);
        assertThat(body.path("averageTokens").decimalValue()).isEqualByComparingTo(new BigDecimal("152.20"));
        assertThat(body.path("uniqueUsers").asLong()).isEqualTo(4);
        assertThat(topUserIds(body)).containsExactly(bob.userId(), alice.userId(), CAROL, DAVE);
        JsonNode top = body.path("topUsers");
        assertThat(top.get(0).path("totalTokens").asLong()).isEqualTo(301);
        assertThat(top.get(0).path("events").asLong()).isEqualTo(2);
        assertThat(top.get(1).path("totalTokens").asLong()).isEqualTo(160);
        assertThat(top.get(1).path("events").asLong()).isEqualTo(3);
        assertThat(top.get(2).path("totalTokens").asLong()).isEqualTo(150);
        assertThat(top.get(2).path("events").asLong()).isEqualTo(2);
        assertThat(top.get(3).path("totalTokens").asLong()).isEqualTo(150);
        assertThat(top.get(3).path("events").asLong()).isEqualTo(1);
        GoldenFiles.assertMatches("analytics-report-200", answer.status(), answer.body());
    }

    @Test
    void limitCutsTheTopUsersButNotTheTotals() {
        JsonNode body = report(admin, "provider=openai&limit=3").json();

        assertThat(topUserIds(body)).containsExactly(bob.userId(), alice.userId(), CAROL);
        assertThat(body.path("uniqueUsers").asLong()).isEqualTo(4);
        assertThat(body.path("totalTokens").asLong()).isEqualTo(761);
    }

    @Test
    void aWiderWindowTakesInOlderEvents() {
        JsonNode body = report(admin, "provider=openai&windowMinutes=180").json();

        assertThat(Instant.parse(body.path("windowStart").asText())).isEqualTo(ago(180));
        assertThat(body.path("totalEvents").asLong()).isEqualTo(10);
        assertThat(body.path("totalTokens").asLong()).isEqualTo(761 + 1_000 + 500);
    }

    @Test
    void aUserSeesOnlyTheirOwnNumbers() {
        JsonNode body = report(alice, "provider=openai").json();

        assertThat(body.path("totalEvents").asLong()).isEqualTo(3);
        assertThat(body.path("allowedEvents").asLong()).isEqualTo(2);
        assertThat(body.path("deniedEvents").asLong()).isEqualTo(1);
        assertThat(body.path("totalTokens").asLong()).isEqualTo(160);
        assertThat(body.path("averageTokens").decimalValue()).isEqualByComparingTo(new BigDecimal("80"));
        assertThat(body.path("uniqueUsers").asLong()).isEqualTo(1);
        assertThat(topUserIds(body)).containsExactly(alice.userId());
        assertThat(report(bob, "provider=openai").json().path("totalTokens").asLong()).isEqualTo(301);
    }

    @Test
    void anotherProviderHasItsOwnNumbersAndAnEmptyWindowIsAllZero() {
        JsonNode qwen = report(admin, "provider=qwen").json();
        JsonNode gemini = report(admin, "provider=gemini").json();

        assertThat(qwen.path("totalTokens").asLong()).isEqualTo(700);
        assertThat(qwen.path("totalEvents").asLong()).isEqualTo(1);
        assertThat(gemini.path("totalEvents").asLong()).isZero();
        assertThat(gemini.path("totalTokens").asLong()).isZero();
        assertThat(gemini.path("averageTokens").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(gemini.path("uniqueUsers").asLong()).isZero();
        assertThat(gemini.path("topUsers").isArray()).isTrue();
        assertThat(gemini.path("topUsers")).isEmpty();
    }
}
