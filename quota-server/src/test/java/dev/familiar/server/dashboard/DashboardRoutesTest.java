package dev.familiar.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard routes over HTTP on a server whose clock is fixed (2026-03-10T12:00Z): ADMIN only, envelope answers
 * pinned to golden files, the typed client, and bad input answered 400 VALIDATION_FAILED naming the field.
 */
@Tag("storage")
class DashboardRoutesTest {
    static final String D = "/api/admin/dashboard/";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static Account user;

    @BeforeAll
    static void start() throws Exception {
        ServerConfig config = TestServers.config(tempDir);
        try (Database db = Database.open(config)) {
            DashboardDataSet data = new DashboardDataSet(db.dataSource());
            data.tenant("org-a", "Acme");
            data.token("u1", "t-a", "org-a", "openai", 100, "ALLOWED", "PRODUCT", "2026-03-01T00:00:00Z");
            data.token("u1", "t-a", "org-a", "openai", 50, "RATE_LIMITED", "PRODUCT", "2026-03-01T08:00:00Z");
            data.token("u1", "t-a", "org-a", "qwen", 70, "ALLOWED", "R&D", "2026-03-01T11:00:00Z");
            data.token("u1", "t-a", "org-a", "openai", 500, "ALLOWED", "PRODUCT", "2026-03-10T11:00:00Z");
            data.usage("org-a", "api_call", 5, "2026-03-09T10:00:00Z", Instant.parse("2026-03-09T10:00:00Z"));
        }
        server = TestServers.start(config, new MutableClock(Instant.parse("2026-03-10T12:00:00Z")));
        Identity identity = new Identity(server);
        admin = identity.admin();
        user = identity.register("dashboard-user");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer get(Account account, String path) {
        return HttpCalls.get(server.baseUrl() + path, account.bearer());
    }

    @Test
    void eachDashboardAnswersTheAdminInTheEnvelope() {
        for (String name : new String[] {"usage", "tokens", "top-users", "anomalies", "cost"}) {
            Answer answer = get(admin, D + name + "?from=2026-03-01&to=2026-03-10");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            GoldenFiles.assertMatches("dashboard-" + name, answer.status(), answer.body());
        }
    }

    @Test
    void thePeriodDefaultsToTheLast30DaysToToday() {
        Answer answer = get(admin, D + "tokens");
        assertThat(answer.json().at("/data/from").asText()).isEqualTo("2026-02-09");
        assertThat(answer.json().at("/data/to").asText()).isEqualTo("2026-03-10");
        Answer anomalies = get(admin, D + "anomalies");
        assertThat(anomalies.json().at("/data/threshold").decimalValue()).isEqualByComparingTo("3");
        assertThat(anomalies.json().at("/data/baselineDays").asInt()).isEqualTo(7);
    }

    @Test
    void theTypedClientReadsTheDashboards() {
        try (TypedClients clients = new TypedClients(server)) {
            FamiliarClient client = clients.as(admin);
            TokenSeries series = client.dashboard().tokens(new DashboardQuery(LocalDate.parse("2026-03-01"),
                    LocalDate.parse("2026-03-10"), "org-a", "openai"));
            assertThat(series.days()).extracting(d -> d.day() + " " + d.allowedTokens() + " " + d.rateLimitedEvents())
                    .containsExactly("2026-03-01 100 1", "2026-03-10 500 0");
            assertThat(client.dashboard().cost(DashboardQuery.lastDays(LocalDate.parse("2026-03-10"), 10)).rndTokens())
                    .isEqualTo(70);
            assertThat(client.dashboard().anomalies(DashboardQuery.lastDays(LocalDate.parse("2026-03-10"), 1),
                    new BigDecimal("2"), 9).items()).singleElement()
                    .satisfies(a -> assertThat(a.ratio()).isEqualByComparingTo("45.0000"));
        }
    }

    @Test
    void aUserWhoIsNotAnAdminIsRefused() {
        for (String name : new String[] {"usage", "tokens", "top-users", "anomalies", "cost"}) {
            assertThat(get(user, D + name).status()).isEqualTo(403);
        }
    }

    record Case(String path, String field) {
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400WithTheField() {
        return Stream.of(
                new Case("tokens?from=2026-3-01", "from"),
                new Case("tokens?from=", "from"),
                new Case("tokens?to=2026-02-30", "to"),
                new Case("tokens?to=2026-03-10T00:00:00Z", "to"),
                new Case("tokens?from=2026-03-02&to=2026-03-01", "from"),
                new Case("tokens?from=2025-03-09&to=2026-03-10", "from"),
                new Case("usage?from=2025-03-09&to=2026-03-10&orgId=org-a", "from"),
                new Case("usage?from=2025-12-08&to=2026-03-10", "from"),
                new Case("cost?from=2025-12-08&to=2026-03-10", "from"),
                new Case("top-users?from=2026-02-07&to=2026-03-10", "from"),
                new Case("anomalies?from=2025-12-08&to=2026-03-10", "from"),
                new Case("tokens?orgId=", "orgId"),
                new Case("tokens?orgId=" + "a".repeat(37), "orgId"),
                new Case("tokens?orgId=a%20b", "orgId"),
                new Case("tokens?provider=open%20ai", "provider"),
                new Case("usage?metric=" + "m".repeat(65), "metric"),
                new Case("top-users?limit=0", "limit"),
                new Case("top-users?limit=101", "limit"),
                new Case("top-users?limit=ten", "limit"),
                new Case("anomalies?threshold=1", "threshold"),
                new Case("anomalies?threshold=100.5", "threshold"),
                new Case("anomalies?threshold=abc", "threshold"),
                new Case("anomalies?baselineDays=0", "baselineDays"),
                new Case("anomalies?baselineDays=91", "baselineDays"))
                .map(c -> DynamicTest.dynamicTest(c.path(), () -> {
                    Answer answer = get(admin, D + c.path());
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").has(c.field()))
                            .as("names %s: %s", c.field(), answer.body()).isTrue();
                }));
    }

    @Test
    void theLongestPeriodsAreAccepted() {
        assertThat(get(admin, D + "tokens?from=2025-03-10&to=2026-03-10").status()).isEqualTo(200);
        assertThat(get(admin, D + "usage?from=2025-03-10&to=2026-03-10&orgId=org-a").status()).isEqualTo(200);
        assertThat(get(admin, D + "usage?from=2025-12-09&to=2026-03-10").status()).isEqualTo(200);
        assertThat(get(admin, D + "cost?from=2025-12-09&to=2026-03-10").status()).isEqualTo(200);
        assertThat(get(admin, D + "top-users?from=2026-02-08&to=2026-03-10").status()).isEqualTo(200);
        assertThat(get(admin, D + "anomalies?from=2025-12-09&to=2026-03-10&baselineDays=90").status()).isEqualTo(200);
    }
}
