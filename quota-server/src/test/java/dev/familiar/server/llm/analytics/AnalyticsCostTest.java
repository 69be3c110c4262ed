package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.NO_QUOTA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.llm.AnalyticsViews.CostReport;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.testing.MutableClock;
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

/**
 * {@code GET /api/v1/analytics/cost}: allowed tokens per organisation and provider times the default prices
 * (openai 0.002, qwen 0.001).
 */
@Tag("storage")
class AnalyticsCostTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final Instant FROM = NOW.minus(Duration.ofDays(10));
    static final Instant TO = NOW.minus(Duration.ofDays(1));
    static final String ORG_A = "aaaaaaaa-0000-4000-8000-00000000000a";
    static final String ORG_B = "bbbbbbbb-0000-4000-8000-00000000000b";
    static final String TENANT_C = "cccccccc-0000-4000-8000-00000000000c";
    static final String USER_1 = "00000000-0000-4000-8000-000000000001";
    static final String USER_2 = "00000000-0000-4000-8000-000000000002";

    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(NOW);
    static FamiliarServer server;
    static Account admin;
    static Account user;
    static TypedClients clients;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        Identity identity = new Identity(server);
        admin = identity.admin();
        user = identity.register("cost-user");
        clients = new TypedClients(server);
        UsageRows rows = new UsageRows(identity.dataSource());
        Instant mid = NOW.minus(Duration.ofDays(5));
        // organisation A, named as the paying org: openai 1000 + 234 + 6 (at the period's inclusive start)
        rows.add(USER_1, TENANT_C, ORG_A, "openai", 1_000, ALLOWED, mid);
        rows.add(USER_2, TENANT_C, ORG_A, "openai", 234, ALLOWED, mid.plusSeconds(60));
        rows.add(USER_1, TENANT_C, ORG_A, "openai", 6, ALLOWED, FROM);
        rows.add(USER_1, TENANT_C, ORG_A, "qwen", 5_000, ALLOWED, mid);
        rows.add(USER_1, TENANT_C, ORG_A, "qwen", 999, NO_QUOTA, mid); // denied: costs nothing
        // organisation B: by its tenant when no org is named, and once named
        rows.add(USER_2, ORG_B, null, "openai", 333, ALLOWED, mid);
        rows.add(USER_1, TENANT_C, ORG_B, "openai", 10, ALLOWED, mid);
        rows.add(USER_2, ORG_B, null, "qwen", 7, ALLOWED, mid);
        // outside [FROM, TO)
        rows.add(USER_1, TENANT_C, ORG_A, "openai", 100_000, ALLOWED, FROM.minusSeconds(1));
        rows.add(USER_1, TENANT_C, ORG_A, "openai", 100_000, ALLOWED, TO);
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.stop();
    }

    static List<String> lines(CostReport report) {
        List<String> out = new ArrayList<>();
        report.items().forEach(i -> out.add(i.orgId() + " " + i.provider() + " " + i.tokens() + " "
                + i.pricePerToken().stripTrailingZeros().toPlainString() + " " + i.cost().setScale(4).toPlainString()));
        return out;
    }

    @Test
    void costsArePerOrganisationAndProviderAtTheConfiguredPrices() {
        CostReport report = clients.as(admin).analytics().cost(FROM, TO, null);

        assertThat(report.from()).isEqualTo(FROM);
        assertThat(report.to()).isEqualTo(TO);
        assertThat(report.currency()).isEqualTo("usd");
        assertThat(lines(report)).containsExactly(
                ORG_A + " openai 1240 0.002 2.4800",
                ORG_A + " qwen 5000 0.001 5.0000",
                ORG_B + " openai 343 0.002 0.6860",
                ORG_B + " qwen 7 0.001 0.0070");
        assertThat(report.totalCost()).isEqualByComparingTo("8.1730");
        Answer raw = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/cost?from=" + FROM + "&to=" + TO,
                admin.bearer());
        assertThat(raw.body()).as("the wire keeps the scale").contains("\"totalCost\":8.1730");
    }

    @Test
    void theProviderFilterKeepsOneProvider() {
        CostReport report = clients.as(admin).analytics().cost(FROM, TO, "qwen");

        assertThat(lines(report)).containsExactly(ORG_A + " qwen 5000 0.001 5.0000", ORG_B + " qwen 7 0.001 0.0070");
        assertThat(report.totalCost()).isEqualByComparingTo("5.0070");
    }

    @Test
    void theDefaultPeriodIsTheLastThirtyDays() {
        CostReport report = clients.as(admin).analytics().cost(null, null, null);

        assertThat(report.to()).isEqualTo(NOW);
        assertThat(report.from()).isEqualTo(NOW.minus(Duration.ofDays(30)));
        assertThat(report.totalCost()).as("the events at FROM - 1s and TO now count too")
                .isEqualByComparingTo("408.1730");
    }

    @Test
    void aPeriodWithoutEventsCostsNothing() {
        CostReport report = clients.as(admin).analytics().cost(Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2025-02-01T00:00:00Z"), null);

        assertThat(report.items()).isEmpty();
        assertThat(report.totalCost()).isEqualByComparingTo("0");
    }

    @Test
    void onlyAnAdminMaySeeCosts() {
        assertThatThrownBy(() -> clients.as(user).analytics().cost(FROM, TO, null))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).isNotBlank().doesNotContain(ORG_A);
                    assertThat(e.details().toString()).doesNotContain(ORG_A);
                });
        assertThatThrownBy(() -> clients.anonymous().analytics().cost(null, null, null))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
