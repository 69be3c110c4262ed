package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.NO_QUOTA;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.PlainErrors;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/analytics/usage}: the audit trail, newest first, scoped to the caller unless ADMIN. */
@Tag("storage")
class AnalyticsUsageTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(NOW);
    static FamiliarServer server;
    static Identity identity;
    static UsageRows rows;
    static Account admin;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        rows = new UsageRows(identity.dataSource());
        admin = identity.admin();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer usage(Account caller, String query) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/analytics/usage" + query, caller.bearer());
    }

    static Instant ago(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    static List<Long> tokens(JsonNode entries) {
        List<Long> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.path("tokens").asLong()));
        return out;
    }

    @Test
    void entriesComeNewestFirstAndLimitKeepsTheNewest() {
        Account user = identity.register("usage-order");
        rows.add(user.userId(), user.tenantId(), "openai", 3, ALLOWED, ago(3));
        rows.add(user.userId(), user.tenantId(), "openai", 1, ALLOWED, ago(1));
        rows.add(user.userId(), user.tenantId(), "openai", 4, RATE_LIMITED, ago(4));
        rows.add(user.userId(), user.tenantId(), "openai", 2, NO_QUOTA, ago(2));

        Answer all = usage(user, "");
        Answer two = usage(user, "?limit=2");

        assertThat(all.status()).isEqualTo(200);
        assertThat(tokens(all.json().path("items"))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(tokens(two.json().path("items"))).containsExactly(1L, 2L);
        JsonNode newest = all.json().path("items").get(0);
        assertThat(newest.path("userId").asText()).isEqualTo(user.userId());
        assertThat(newest.path("provider").asText()).isEqualTo("openai");
        assertThat(newest.path("allowed").asBoolean()).isTrue();
        assertThat(newest.path("outcome").asText()).isEqualTo("ALLOWED");
        assertThat(Instant.parse(newest.path("timestamp").asText())).isEqualTo(ago(1));
        assertThat(newest.path("ipAddress").asText()).isEqualTo(UsageRows.IP);
        assertThat(newest.path("requestId").asText()).startsWith("req-");
        assertThat(newest.path("orgId").isNull()).isTrue();
        JsonNode denied = all.json().path("items").get(1);
        assertThat(denied.path("allowed").asBoolean()).isFalse();
        assertThat(denied.path("outcome").asText()).isEqualTo("NO_QUOTA");
    }

    @Test
    void theDefaultLimitIsTwentyAndTheMostIsTwoHundred() {
        Account user = identity.register("usage-many");
        for (int i = 1; i <= 205; i++) {
            rows.add(user.userId(), user.tenantId(), "qwen", i, ALLOWED, NOW.minusSeconds(i));
        }

        assertThat(usage(user, "").json().path("items").size()).isEqualTo(20);
        assertThat(usage(user, "?limit=200").json().path("items").size()).isEqualTo(200);
        assertThat(usage(user, "?limit=1").json().path("items").size()).isEqualTo(1);
        assertThat(usage(user, "?limit=201").status()).isEqualTo(400);
        assertThat(usage(user, "?limit=0").status()).isEqualTo(400);
    }

    @Test
    void limitOutOfBoundsIsA400NamingTheField() {
        Account user = identity.register("usage-bounds");
        for (String bad : List.of("0", "201", "-1", "abc", "", "1.5", "3f1f1f1f-0000-4000-8000-000000000002")) {
            Answer answer = usage(user, "?limit=" + bad);

            assertThat(answer.status()).as("limit=%s", bad).isEqualTo(400);
            assertThat(PlainErrors.byField(answer).path("limit").asText()).as("limit=%s", bad).isNotBlank();
            assertThat(answer.json().path("message").asText()).isNotBlank();
        }
    }

    @Test
    void aUserSeesOnlyTheirOwnEntriesAndAnAdminSeesEveryones() {
        Account alice = identity.register("usage-alice");
        Account bob = identity.register("usage-bob");
        rows.add(alice.userId(), alice.tenantId(), "gemini", 11, ALLOWED, ago(30));
        rows.add(bob.userId(), bob.tenantId(), "gemini", 22, ALLOWED, ago(31));
        rows.add(bob.userId(), bob.tenantId(), "gemini", 33, RATE_LIMITED, ago(32));

        JsonNode asAlice = usage(alice, "?provider=gemini").json().path("items");
        JsonNode asBob = usage(bob, "?provider=gemini").json().path("items");
        JsonNode asAdmin = usage(admin, "?provider=gemini&limit=200").json().path("items");

        assertThat(tokens(asAlice)).containsExactly(11L);
        assertThat(tokens(asBob)).containsExactly(22L, 33L);
        List<String> adminUsers = new ArrayList<>();
        asAdmin.forEach(e -> adminUsers.add(e.path("userId").asText()));
        assertThat(adminUsers).contains(alice.userId(), bob.userId());
        assertThat(tokens(asAdmin)).containsSubsequence(11L, 22L, 33L);
    }

    @Test
    void theProviderFilterKeepsOneProvider() {
        Account user = identity.register("usage-filter");
        rows.add(user.userId(), user.tenantId(), "openai", 5, ALLOWED, ago(5));
        rows.add(user.userId(), user.tenantId(), "qwen", 6, ALLOWED, ago(6));

        assertThat(tokens(usage(user, "?provider=qwen").json().path("items"))).containsExactly(6L);
        assertThat(tokens(usage(user, "?provider=openai").json().path("items"))).containsExactly(5L);
        assertThat(tokens(usage(user, "").json().path("items"))).containsExactly(5L, 6L);
        Answer unknown = usage(user, "?provider=nope");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(PlainErrors.byField(unknown).path("provider").asText()).contains("openai");
    }

    @Test
    void aRealConsumeShowsUpInTheTrail() {
        Account user = identity.register("usage-real");
        Map<String, String> headers = new HashMap<>(user.bearer());
        headers.put("x-request-id", "analytics-real-consume");
        Answer consumed = HttpCalls.post(server.baseUrl() + "/api/v1/tokens/consume",
                "{\"userId\":\"" + user.userId() + "\",\"provider\":\"openai\",\"tokens\":7}", headers);
        assertThat(consumed.status()).as(consumed.body()).isEqualTo(200);

        JsonNode entry = poll(user);

        assertThat(entry.path("userId").asText()).isEqualTo(user.userId());
        assertThat(entry.path("provider").asText()).isEqualTo("openai");
        assertThat(entry.path("allowed").asBoolean()).isTrue();
        assertThat(entry.path("outcome").asText()).isEqualTo("ALLOWED");
        assertThat(entry.path("tokens").asLong()).isPositive();
        assertThat(entry.path("ipAddress").asText()).isNotBlank();
        assertThat(Instant.parse(entry.path("timestamp").asText())).isEqualTo(NOW);
    }

    private static JsonNode poll(Account user) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (JsonNode e : usage(user, "").json().path("items")) {
                if ("analytics-real-consume".equals(e.path("requestId").asText())) {
                    return e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consume's usage event never showed up");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    @Test
    void goldenUsage200() {
        Account user = identity.register("usage-golden");
        rows.add(user.userId(), user.tenantId(), "openai", 42, ALLOWED, ago(2));
        rows.add(user.userId(), user.tenantId(), "00000000-0000-4000-8000-0000000000aa", "openai", 9, RATE_LIMITED, ago(3));

        Answer answer = usage(user, "?limit=2");

        assertThat(answer.status()).isEqualTo(200);
        GoldenFiles.assertMatches("analytics-usage-200", answer.status(), answer.body());
    }
}
