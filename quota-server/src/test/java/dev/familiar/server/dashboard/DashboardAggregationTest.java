package dev.familiar.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.CostRow;
import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.TopUser;
import dev.familiar.model.dashboard.UsageDay;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each dashboard aggregation against an exact data set (totals known in advance), on H2 and PostgreSQL: read live
 * before any rollup, then from the rollup plus the live day, re-rolled after late metered events, and rolled by two
 * threads at once.
 */
@Tag("storage")
class DashboardAggregationTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final LocalDate D1 = LocalDate.parse("2026-03-01");
    static final LocalDate D9 = LocalDate.parse("2026-03-09");
    static final LocalDate TODAY = LocalDate.parse("2026-03-10");

    @TempDir
    Path tempDir;
    Database database;
    MutableClock clock = new MutableClock(NOW);
    DashboardDataSet data;
    DashboardRollup rollup;
    Dashboards dashboards;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        data = new DashboardDataSet(database.dataSource());
        rollup = new DashboardRollup(database.dataSource(), clock);
        dashboards = new Dashboards(new DashboardStore(database.dataSource()), LlmTokenSettings.defaults(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Orgs A (Acme) and B (Beta, its users' events carry no org id); alice and bob; carol has no user row. */
    void tokenDataSet() throws Exception {
        data.tenant("org-a", "Acme");
        data.tenant("org-b", "Beta");
        data.user("u1", "org-a", "alice");
        data.user("u2", "org-b", "bob");
        data.token("u1", "t-a", "org-a", "openai", 100, "ALLOWED", "PRODUCT", "2026-03-01T00:00:00Z");
        data.token("u1", "t-a", "org-a", "openai", 50, "RATE_LIMITED", "PRODUCT", "2026-03-01T08:00:00Z");
        data.token("u2", "org-b", null, "qwen", 200, "ALLOWED", "PRODUCT", "2026-03-01T09:00:00Z");
        data.token("u2", "org-b", null, "qwen", 30, "NO_QUOTA", "PRODUCT", "2026-03-01T10:00:00Z");
        data.token("u1", "t-a", "org-a", "openai", 70, "ALLOWED", "R&D", "2026-03-01T11:00:00Z");
        data.token("u3", "t-a", "org-a", "openai", 10, "PROVIDER_FAILED", "PRODUCT", "2026-03-01T23:59:59.999Z");
        data.token("u1", "t-a", "org-a", "openai", 300, "ALLOWED", "PRODUCT", "2026-03-09T12:00:00Z");
        data.token("u2", "org-b", null, "qwen", 40, "ALLOWED", "PRODUCT", "2026-03-10T01:00:00Z");
        data.token("u1", "t-a", "org-a", "openai", 5, "ALLOWED", "PRODUCT", "2026-03-10T11:00:00Z");
        // outside the period
        data.token("u1", "t-a", "org-a", "openai", 1000, "ALLOWED", "PRODUCT", "2026-02-28T23:59:59Z");
    }

    static final List<TokenDay> PLATFORM = List.of(
            new TokenDay(D1, "openai", "PRODUCT", 1, 100, 1, 0, 1, 60),
            new TokenDay(D1, "openai", "R&D", 1, 70, 0, 0, 0, 0),
            new TokenDay(D1, "qwen", "PRODUCT", 1, 200, 0, 1, 0, 30),
            new TokenDay(D9, "openai", "PRODUCT", 1, 300, 0, 0, 0, 0),
            new TokenDay(TODAY, "openai", "PRODUCT", 1, 5, 0, 0, 0, 0),
            new TokenDay(TODAY, "qwen", "PRODUCT", 1, 40, 0, 0, 0, 0));

    @Test
    void tokenSeriesIsTheSameLiveAndFromTheRollupPlusTheLiveDay() throws Exception {
        tokenDataSet();
        assertThat(dashboards.tokens(D1, TODAY, Optional.empty(), Optional.empty()).days()).isEqualTo(PLATFORM);

        DashboardRollup.Round round = rollup.roll();

        assertThat(round.tokenDays()).isEqualTo(10); // 2026-02-28 .. 2026-03-09
        assertThat(new DashboardStore(database.dataSource()).state().tokensThrough()).isEqualTo(D9);
        assertThat(dashboards.tokens(D1, TODAY, Optional.empty(), Optional.empty()).days()).isEqualTo(PLATFORM);
        assertThat(dashboards.tokens(D1, TODAY, Optional.of("org-b"), Optional.empty()).days()).containsExactly(
                new TokenDay(D1, "qwen", "PRODUCT", 1, 200, 0, 1, 0, 30),
                new TokenDay(TODAY, "qwen", "PRODUCT", 1, 40, 0, 0, 0, 0));
        assertThat(dashboards.tokens(D1, D9, Optional.of("org-a"), Optional.of("openai")).days()).containsExactly(
                PLATFORM.get(0), PLATFORM.get(1), PLATFORM.get(3));
    }

    @Test
    void rollingTwiceChangesNothing() throws Exception {
        tokenDataSet();
        rollup.roll();
        assertThat(rollup.roll()).isEqualTo(new DashboardRollup.Round(0, 0, 0));
        assertThat(dashboards.tokens(D1, TODAY, Optional.empty(), Optional.empty()).days()).isEqualTo(PLATFORM);
    }

    @Test
    void topUsersRankAllowedProductTokensAndCountDeniedAttempts() throws Exception {
        tokenDataSet();
        List<TopUser> expected = List.of(new TopUser("u1", "alice", "org-a", 405, 4, 1),
                new TopUser("u2", "bob", "org-b", 240, 3, 1), new TopUser("u3", null, "org-a", 0, 1, 1));
        assertThat(dashboards.topUsers(D1, TODAY, Optional.empty(), Optional.empty(), 10).items()).isEqualTo(expected);
        rollup.roll();
        assertThat(dashboards.topUsers(D1, TODAY, Optional.empty(), Optional.empty(), 10).items()).isEqualTo(expected);
        assertThat(dashboards.topUsers(D1, TODAY, Optional.empty(), Optional.empty(), 1).items())
                .containsExactly(expected.get(0));
        assertThat(dashboards.topUsers(D1, TODAY, Optional.of("org-a"), Optional.empty(), 10).items())
                .containsExactly(expected.get(0), expected.get(2));
        assertThat(dashboards.topUsers(D1, D1, Optional.empty(), Optional.of("qwen"), 10).items())
                .containsExactly(new TopUser("u2", "bob", "org-b", 200, 2, 1));
    }

    @Test
    void costIsAllowedProductTokensTimesThePriceWithRndApart() throws Exception {
        tokenDataSet();
        data.token("u9", "org-b", null, "retired", 1_000, "ALLOWED", "PRODUCT", "2026-03-02T00:00:00Z");
        rollup.roll();
        CostAllocation cost = dashboards.cost(D1, TODAY);
        // openai 0.002, qwen 0.001 (the defaults); a provider no longer configured costs 0
        assertThat(cost.rows()).containsExactly(
                new CostRow("org-a", "Acme", "openai", 405, new BigDecimal("0.002"), new BigDecimal("0.8100")),
                new CostRow("org-b", "Beta", "qwen", 240, new BigDecimal("0.001"), new BigDecimal("0.2400")),
                new CostRow("org-b", "Beta", "retired", 1_000, BigDecimal.ZERO, new BigDecimal("0.0000")));
        assertThat(cost.productTokens()).isEqualTo(1_645);
        assertThat(cost.productCost()).isEqualByComparingTo("1.0500");
        assertThat(cost.rndTokens()).isEqualTo(70);
        assertThat(cost.rndCost()).isEqualByComparingTo("0.1400");
        assertThat(cost.currency()).isEqualTo("usd");
        assertThat(dashboards.cost(D9, D9).productTokens()).isEqualTo(300);
    }

    @Test
    void anAnomalyExceedsThresholdTimesTheBaselineMeanAndAZeroBaselineIsNone() throws Exception {
        for (int d = 1; d <= 7; d++) {
            String day = "2026-03-0" + d + "T10:00:00Z";
            data.allowed("c1", "org-c", "openai", 100, day);
            data.allowed("d1", "org-d", "openai", 100, day);
            if (d % 2 == 0) {
                data.allowed("f1", "org-f", "openai", 200, day); // 3 days of 200 and 4 empty days: mean 600 / 7
            }
        }
        data.allowed("c1", "org-c", "openai", 301, "2026-03-08T10:00:00Z"); // 301 > 3 × 100: anomaly
        data.allowed("d1", "org-d", "openai", 300, "2026-03-08T10:00:00Z"); // 300 = 3 × 100: not above
        data.allowed("e1", "org-e", "openai", 5_000, "2026-03-08T10:00:00Z"); // first use, baseline 0: none
        data.allowed("f1", "org-f", "openai", 259, "2026-03-08T10:00:00Z"); // 259 × 7 = 1813 > 3 × 600
        data.token("c1", "org-c", null, "openai", 9_999, "RATE_LIMITED", "PRODUCT", "2026-03-08T11:00:00Z");
        data.token("c1", "org-c", null, "qwen", 9_999, "ALLOWED", "R&D", "2026-03-08T11:00:00Z");
        List<Anomaly> expected = List.of(
                new Anomaly(LocalDate.parse("2026-03-08"), "org-f", "openai", 259, new BigDecimal("85.7143"),
                        new BigDecimal("3.0217")),
                new Anomaly(LocalDate.parse("2026-03-08"), "org-c", "openai", 301, new BigDecimal("100.0000"),
                        new BigDecimal("3.0100")));
        var live = dashboards.anomalies(LocalDate.parse("2026-03-08"), TODAY, Optional.empty(), new BigDecimal("3"), 7);
        rollup.roll();
        var rolled = dashboards.anomalies(LocalDate.parse("2026-03-08"), TODAY, Optional.empty(), new BigDecimal("3"), 7);
        assertThat(live.items()).isEqualTo(expected);
        assertThat(rolled.items()).isEqualTo(expected);
        assertThat(dashboards.anomalies(LocalDate.parse("2026-03-08"), TODAY, Optional.of("org-c"), new BigDecimal("3"),
                7).items()).containsExactly(expected.get(1));
        assertThat(dashboards.anomalies(LocalDate.parse("2026-03-08"), TODAY, Optional.empty(), new BigDecimal("3.03"),
                7).items()).isEmpty();
    }

    @Test
    void anAnomalyOnTheLiveDayIsFound() throws Exception {
        data.allowed("c1", "org-c", "qwen", 10, "2026-03-09T10:00:00Z");
        data.allowed("c1", "org-c", "qwen", 31, "2026-03-10T10:00:00Z");
        rollup.roll();
        assertThat(dashboards.anomalies(TODAY, TODAY, Optional.empty(), new BigDecimal("3"), 1).items())
                .containsExactly(new Anomaly(TODAY, "org-c", "qwen", 31, new BigDecimal("10.0000"),
                        new BigDecimal("3.1000")));
    }

    @Test
    void usageIsRolledAndALateEventReRollsItsDay() throws Exception {
        Instant received = NOW.minus(Duration.ofHours(1));
        data.usage("org-a", "api_call", 5, "2026-03-01T00:00:00Z", received);
        data.usage("org-a", "api_call", 5, "2026-03-01T23:00:00Z", received);
        data.usage("org-a", "storage", 7, "2026-03-01T12:00:00Z", received);
        data.usage("org-b", "api_call", 3, "2026-03-09T12:00:00Z", received);
        data.usage("org-a", "api_call", 1, "2026-03-10T08:00:00Z", received);
        data.usage("org-a", "api_call", 100, "2026-02-28T23:59:59Z", received); // outside
        List<UsageDay> expected = List.of(new UsageDay(D1, "org-a", "api_call", 10, 2),
                new UsageDay(D1, "org-a", "storage", 7, 1), new UsageDay(D9, "org-b", "api_call", 3, 1),
                new UsageDay(TODAY, "org-a", "api_call", 1, 1));
        assertThat(dashboards.usage(D1, TODAY, Optional.empty(), Optional.empty()).days()).isEqualTo(expected);
        rollup.roll();
        assertThat(dashboards.usage(D1, TODAY, Optional.empty(), Optional.empty()).days()).isEqualTo(expected);
        assertThat(dashboards.usage(D1, TODAY, Optional.of("org-a"), Optional.of("storage")).days())
                .containsExactly(expected.get(1));

        clock.advance(Duration.ofMinutes(5));
        data.usage("org-a", "api_call", 4, "2026-03-01T06:00:00Z", clock.instant()); // late, on a rolled day
        // until the next round the rolled day is stale: the dashboards read the rollup, not the raw events
        assertThat(dashboards.usage(D1, D1, Optional.empty(), Optional.of("api_call")).days())
                .containsExactly(new UsageDay(D1, "org-a", "api_call", 10, 2));

        assertThat(rollup.roll().lateDays()).isEqualTo(1);
        assertThat(dashboards.usage(D1, D1, Optional.empty(), Optional.of("api_call")).days())
                .containsExactly(new UsageDay(D1, "org-a", "api_call", 14, 3));
        clock.advance(Duration.ofMinutes(5));
        rollup.roll();
        assertThat(dashboards.usage(D1, TODAY, Optional.empty(), Optional.empty()).days()).containsExactly(
                new UsageDay(D1, "org-a", "api_call", 14, 3), expected.get(1), expected.get(2), expected.get(3));
    }

    @Test
    void twoThreadsRollingAtOnceRollEachDayOnce() throws Exception {
        long expectedTokens = 0;
        for (int d = 0; d < 40; d++) {
            String at = LocalDate.parse("2026-01-20").plusDays(d) + "T10:00:00Z";
            data.allowed("u" + (d % 3), "org-" + (d % 2), "openai", 10 + d, at);
            data.token("u1", "org-1", null, "qwen", 7, "NO_QUOTA", "PRODUCT", at);
            data.usage("org-" + (d % 2), "api_call", 2, at, NOW.minus(Duration.ofHours(1)));
            expectedTokens += 10 + d;
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DashboardRollup.Round>> rounds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DashboardRollup own = new DashboardRollup(database.dataSource(), clock);
                rounds.add(pool.submit(() -> {
                    go.await();
                    return own.roll();
                }));
            }
            go.countDown();
            int tokenDays = 0;
            int usageDays = 0;
            for (Future<DashboardRollup.Round> r : rounds) {
                tokenDays += r.get().tokenDays();
                usageDays += r.get().usageDays();
            }
            // 2026-01-20 .. 2026-03-09, the last closed day: each rolled by exactly one of the two
            assertThat(tokenDays).isEqualTo(49);
            assertThat(usageDays).isEqualTo(49);
        } finally {
            pool.shutdownNow();
        }
        LocalDate from = LocalDate.parse("2026-01-20");
        LocalDate to = from.plusDays(39);
        assertThat(new DashboardStore(database.dataSource()).state().tokensThrough()).isEqualTo(D9);
        CostAllocation cost = dashboards.cost(from, to);
        assertThat(cost.productTokens()).isEqualTo(expectedTokens);
        List<TokenDay> days = dashboards.tokens(from, to, Optional.empty(), Optional.of("qwen")).days();
        assertThat(days).hasSize(40).allSatisfy(d -> assertThat(d.noQuotaEvents()).isEqualTo(1));
        assertThat(dashboards.usage(from, to, Optional.empty(), Optional.empty()).days()).hasSize(40)
                .allSatisfy(u -> assertThat(u.units()).isEqualTo(2));
    }
}
