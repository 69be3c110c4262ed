package dev.familiar.admin.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.CostRow;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.TopUser;
import dev.familiar.model.dashboard.UsageDay;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageViewModelTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    private static final String ACME = "org-acme";
    private static final String GLOBEX = "org-globex";

    @TempDir
    Path folder;

    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeUsageApi api = new FakeUsageApi();
    private final List<String> chooserTitles = new ArrayList<>();
    private Optional<Path> chosenFile = Optional.empty();
    private final UsageViewModel viewModel = new UsageViewModel(() -> api, tasks, dialogs, (title, name) -> {
        chooserTitles.add(title + " | " + name);
        return chosenFile;
    }, Clock.fixed(Instant.parse("2026-11-30T21:00:00Z"), ZoneOffset.UTC));

    private static LocalDate day(int dayOfNovember) {
        return LocalDate.of(2026, 11, dayOfNovember);
    }

    private static TokenDay tokens(int dayOfNovember, String provider, String purpose, long allowed, long rateLimited,
                                   long noQuota, long failed) {
        return new TokenDay(day(dayOfNovember), provider, purpose, allowed / 100, allowed, rateLimited, noQuota, failed,
                (rateLimited + noQuota + failed) * 50);
    }

    private void open() {
        api.organisations.add(new UsageApi.Organisation(ACME, "Acme Games"));
        api.organisations.add(new UsageApi.Organisation(GLOBEX, "Globex"));
        viewModel.load(Place.of(UsageView.ID));
        executor.runPending();
    }

    private static List<Long> values(ChartSeries series) {
        return series.points().stream().map(ChartPoint::value).toList();
    }

    private static ChartSeries named(List<ChartSeries> series, String name) {
        return series.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    // ---- the period ----

    @Test
    void opensOnTheLast30DaysEndingTodayForThePlatformAndAllProviders() {
        open();

        assertThat(api.queries).hasSize(5).allMatch(q -> q.equals(new DashboardQuery(day(1), TODAY, null, null)));
        assertThat(api.calls).containsExactlyInAnyOrder("organisations:null", "tokens", "usage", "anomalies",
                "top-users", "cost");
        assertThat(viewModel.organisations()).extracting(OrganisationChoice::name)
                .containsExactly("All organisations (platform)", "Acme Games", "Globex");
        assertThat(viewModel.shownPeriodProperty().get())
                .isEqualTo("2026-11-01 to 2026-11-30 · All organisations (platform)");
        assertThat(viewModel.loadingProperty().get()).isFalse();
    }

    @Test
    void aPresetShowsTheLastDaysTodayIncludedInOneLoad() {
        open();
        viewModel.applyPreset(7);
        executor.runPending();

        assertThat(viewModel.fromProperty().get()).isEqualTo(day(24));
        assertThat(viewModel.toProperty().get()).isEqualTo(TODAY);
        assertThat(api.count("tokens")).isEqualTo(2);
        assertThat(api.queries.get(api.queries.size() - 1).from()).isEqualTo(day(24));

        viewModel.applyPreset(90);
        executor.runPending();
        assertThat(viewModel.fromProperty().get()).isEqualTo(LocalDate.of(2026, 9, 2));
    }

    @Test
    void aPeriodEndingBeforeItStartsIsRefusedWithoutAskingTheServer() {
        open();
        int before = api.calls.size();

        viewModel.fromProperty().set(day(20));
        viewModel.toProperty().set(day(10));
        executor.runPending();

        assertThat(viewModel.rangeValidProperty().get()).isFalse();
        assertThat(viewModel.rangeProblemProperty().get()).isEqualTo("The first day must be on or before the last day");
        assertThat(api.calls).hasSize(before);

        viewModel.reload(); // Refresh does not send it either
        executor.runPending();
        assertThat(api.calls).hasSize(before);
    }

    @Test
    void aPeriodLongerThanTheServersBoundIsRefusedAndTheBoundItselfIsTaken() {
        open();
        int before = api.calls.size();

        viewModel.fromProperty().set(TODAY.minusDays(UsageViewModel.MAX_SPAN_DAYS));
        executor.runPending();
        assertThat(viewModel.rangeProblemProperty().get())
                .isEqualTo("At most " + UsageViewModel.MAX_SPAN_DAYS + " days (this period has "
                        + (UsageViewModel.MAX_SPAN_DAYS + 1) + ")");
        assertThat(api.calls).hasSize(before);

        viewModel.fromProperty().set(TODAY.minusDays(UsageViewModel.MAX_SPAN_DAYS - 1L));
        executor.runPending();
        assertThat(viewModel.rangeProblemProperty().get()).isEmpty();
        assertThat(api.count("tokens")).isEqualTo(2);
    }

    @Test
    void overTheRoutesBoundsTheirPanelsAreNotAskedForAndSaySo() {
        open();
        api.calls.clear();

        viewModel.applyPreset(30 + 2); // 32 days: top users take at most 31
        executor.runPending();
        assertThat(api.calls).containsExactly("tokens", "usage", "anomalies", "cost");
        assertThat(viewModel.topUsersErrorProperty().get())
                .isEqualTo("Top users cover at most 31 days: choose a shorter period to see it");
        api.calls.clear();

        viewModel.fromProperty().set(TODAY.minusDays(UsageViewModel.MAX_DETAIL_SPAN_DAYS)); // 93 days
        executor.runPending();

        assertThat(api.calls).containsExactly("tokens");
        assertThat(viewModel.anomaliesErrorProperty().get())
                .isEqualTo("Anomalies cover at most 92 days: choose a shorter period to see it");
        assertThat(viewModel.costErrorProperty().get())
                .isEqualTo("The cost allocation covers at most 92 days: choose a shorter period to see it");
        assertThat(viewModel.usageErrorProperty().get()).isEqualTo("Metered usage of all organisations covers at "
                + "most 92 days (one organisation: 366): choose a shorter period to see it");
        assertThat(viewModel.allowedDeniedProperty().get().get(0).points()).hasSize(93);
        assertThat(dialogs.shown()).isEmpty();

        viewModel.organisationProperty().set(viewModel.organisations().get(1)); // one organisation: usage up to 366
        executor.runPending();
        assertThat(api.calls).containsSubsequence("tokens", "usage");
        assertThat(viewModel.usageErrorProperty().get()).isEmpty();
    }

    @Test
    void aClearedDayIsAProblemToo() {
        assertThat(UsageViewModel.rangeProblem(null, TODAY)).isEqualTo("Choose the first and the last day");
        assertThat(UsageViewModel.rangeProblem(TODAY, TODAY)).isEmpty();
    }

    // ---- the series ----

    @Test
    void everyDayOfThePeriodHasAPointAndDaysWithoutRowsAreZero() {
        api.tokens(ACME, tokens(25, "openai", "PRODUCT", 1200, 2, 1, 0));
        api.tokens(GLOBEX, tokens(25, "openai", "PRODUCT", 300, 0, 0, 1));
        api.tokens(ACME, tokens(27, "anthropic", "PRODUCT", 500, 0, 3, 0));
        api.tokens(ACME, tokens(27, "echo", "R&D", 700, 0, 0, 0));
        api.usageDays.add(new UsageDay(day(26), ACME, "api_calls", 40, 4));
        api.usageDays.add(new UsageDay(day(26), GLOBEX, "api_calls", 2, 1));
        api.usageDays.add(new UsageDay(day(30), ACME, "storage_gb", 5, 1));
        open();
        viewModel.applyPreset(7);
        executor.runPending();

        List<ChartSeries> stacked = viewModel.allowedDeniedProperty().get();
        assertThat(stacked).extracting(ChartSeries::name)
                .containsExactly("Allowed", "Rate-limited", "No quota", "Provider failed");
        assertThat(stacked.get(0).points()).extracting(ChartPoint::day)
                .containsExactly(day(24), day(25), day(26), day(27), day(28), day(29), day(30));
        assertThat(values(stacked.get(0))).containsExactly(0L, 15L, 0L, 12L, 0L, 0L, 0L); // attempts: tokens / 100
        assertThat(values(stacked.get(1))).containsExactly(0L, 2L, 0L, 0L, 0L, 0L, 0L);
        assertThat(values(stacked.get(2))).containsExactly(0L, 1L, 0L, 3L, 0L, 0L, 0L);
        assertThat(values(stacked.get(3))).containsExactly(0L, 1L, 0L, 0L, 0L, 0L, 0L);

        List<ChartSeries> providers = viewModel.perProviderProperty().get();
        assertThat(providers).extracting(ChartSeries::name).containsExactly("anthropic", "echo", "openai");
        assertThat(values(named(providers, "openai"))).containsExactly(0L, 1500L, 0L, 0L, 0L, 0L, 0L);
        assertThat(values(named(providers, "anthropic"))).containsExactly(0L, 0L, 0L, 500L, 0L, 0L, 0L);

        List<ChartSeries> purposes = viewModel.productRndProperty().get();
        assertThat(values(named(purposes, "Product"))).containsExactly(0L, 1500L, 0L, 500L, 0L, 0L, 0L);
        assertThat(values(named(purposes, "R&D"))).containsExactly(0L, 0L, 0L, 700L, 0L, 0L, 0L);

        List<ChartSeries> metered = viewModel.meteredProperty().get();
        assertThat(metered).extracting(ChartSeries::name).containsExactly("api_calls", "storage_gb");
        assertThat(values(named(metered, "api_calls"))).containsExactly(0L, 0L, 42L, 0L, 0L, 0L, 0L);
        assertThat(values(named(metered, "storage_gb"))).containsExactly(0L, 0L, 0L, 0L, 0L, 0L, 5L);

        assertThat(viewModel.summaryProperty().get()).isEqualTo(
                "Allowed 2,700 tokens in 27 attempts · denied 7 attempts (350 tokens) · R&D 700 tokens");
        assertThat(viewModel.providers()).containsExactly("All providers", "anthropic", "echo", "openai");
    }

    @Test
    void anAnomalousDayIsMarkedOnItsProviderSeriesOnlyAndListedWithTheOrganisationsName() {
        api.tokens(ACME, tokens(28, "openai", "PRODUCT", 100, 0, 0, 0));
        api.tokens(ACME, tokens(29, "openai", "PRODUCT", 9000, 0, 0, 0));
        api.tokens(ACME, tokens(29, "anthropic", "PRODUCT", 100, 0, 0, 0));
        api.anomalies.add(new Anomaly(day(29), ACME, "openai", 9000, new BigDecimal("100.00"),
                new BigDecimal("90.00")));
        open();

        ChartSeries openai = named(viewModel.perProviderProperty().get(), "openai");
        assertThat(openai.points()).filteredOn(ChartPoint::anomalous).extracting(ChartPoint::day)
                .containsExactly(day(29));
        assertThat(named(viewModel.perProviderProperty().get(), "anthropic").points())
                .noneMatch(ChartPoint::anomalous);
        assertThat(viewModel.anomalies()).containsExactly(new AnomalyItemViewModel(day(29), "Acme Games", ACME,
                "openai", 9000, new BigDecimal("100.00"), new BigDecimal("90.00")));
    }

    // ---- filters ----

    @Test
    void anOrganisationAndAProviderNarrowTheQueriesButNotTheCostAllocation() {
        api.tokens(ACME, tokens(29, "openai", "PRODUCT", 100, 0, 0, 0));
        api.tokens(ACME, tokens(29, "anthropic", "PRODUCT", 200, 0, 0, 0));
        open();
        api.queries.clear();
        api.calls.clear();

        viewModel.organisationProperty().set(viewModel.organisations().get(1));
        executor.runPending();
        viewModel.providerProperty().set("openai");
        executor.runPending();

        assertThat(api.calls).containsExactly("tokens", "usage", "anomalies", "top-users", "cost",
                "tokens", "usage", "anomalies", "top-users", "cost");
        List<DashboardQuery> last = api.queries.subList(5, 10);
        assertThat(last.get(0)).isEqualTo(new DashboardQuery(day(1), TODAY, ACME, "openai")); // tokens
        assertThat(last.get(1)).isEqualTo(new DashboardQuery(day(1), TODAY, ACME, null)); // usage: metrics
        assertThat(last.get(3)).isEqualTo(new DashboardQuery(day(1), TODAY, ACME, "openai")); // top users
        assertThat(viewModel.perProviderProperty().get()).extracting(ChartSeries::name).containsExactly("openai");
        assertThat(viewModel.providers()).containsExactly("All providers", "anthropic", "openai");
        assertThat(viewModel.shownPeriodProperty().get()).isEqualTo("2026-11-01 to 2026-11-30 · Acme Games · openai");
    }

    @Test
    void theOrganisationSearchAsksTheServerAndKeepsTheChosenOrganisationPickable() {
        open();
        viewModel.organisationProperty().set(viewModel.organisations().get(2)); // Globex
        executor.runPending();

        viewModel.organisationSearchProperty().set("ac");
        viewModel.searchOrganisations();
        executor.runPending();

        assertThat(api.calls).contains("organisations:ac");
        assertThat(viewModel.organisations()).extracting(OrganisationChoice::name)
                .containsExactly("All organisations (platform)", "Globex", "Acme Games");
        assertThat(viewModel.organisationProperty().get().orgId()).isEqualTo(GLOBEX);
    }

    @Test
    void aPlaceNamingAnOrganisationShowsIt() {
        api.organisations.add(new UsageApi.Organisation(ACME, "Acme Games"));
        viewModel.load(Place.of(UsageView.ID, ACME));
        executor.runPending();

        assertThat(api.queries).allMatch(q -> ACME.equals(q.orgId()) || q.orgId() == null);
        assertThat(api.queries.get(0).orgId()).isEqualTo(ACME);
        assertThat(viewModel.organisationProperty().get()).isEqualTo(new OrganisationChoice(ACME, "Acme Games"));
    }

    // ---- loading, failures, cancel ----

    @Test
    void oneFailingRouteShowsItsErrorInItsPanelAndTheOthersAreFilled() {
        api.tokens(ACME, tokens(29, "openai", "PRODUCT", 100, 0, 0, 0));
        api.topUsers.add(new TopUser("u1", "ana", ACME, 100, 1, 0));
        api.failing.add("cost");
        open();

        assertThat(viewModel.costErrorProperty().get())
                .isEqualTo("Could not load cost allocation: cost broke (HTTP 500)");
        assertThat(viewModel.cost()).isEmpty();
        assertThat(viewModel.tokensErrorProperty().get()).isEmpty();
        assertThat(viewModel.topUsers()).hasSize(1);
        assertThat(named(viewModel.perProviderProperty().get(), "openai").total()).isEqualTo(100);
        assertThat(dialogs.shown()).isEmpty();

        api.failing.clear();
        viewModel.reload();
        executor.runPending();
        assertThat(viewModel.costErrorProperty().get()).isEmpty();
    }

    @Test
    void whenEveryRouteFailsTheErrorDialogShowsTheServersMessageAndRequestId() {
        api.failing.addAll(List.of("tokens", "usage", "anomalies", "top-users", "cost"));
        open();

        assertThat(dialogs.shown(ErrorRequest.class)).singleElement().satisfies(error -> {
            assertThat(error.title()).isEqualTo("Could not load usage");
            assertThat(error.message()).isEqualTo("tokens broke (HTTP 500)");
            assertThat(error.requestId()).isEqualTo("req-tokens");
        });
        assertThat(viewModel.usageErrorProperty().get()).contains("usage broke");
    }

    @Test
    void theFiveRoutesAreOneTaskReportingProgressThatCancelDrops() {
        api.tokens(ACME, tokens(29, "openai", "PRODUCT", 100, 0, 0, 0));
        api.organisations.add(new UsageApi.Organisation(ACME, "Acme Games"));
        viewModel.load(Place.of(UsageView.ID));
        assertThat(tasks.runningCount()).isEqualTo(2); // the organisations and the one usage load
        assertThat(viewModel.loadingProperty().get()).isTrue();

        viewModel.cancelLoad();
        executor.runPending();

        assertThat(viewModel.loadingProperty().get()).isFalse();
        assertThat(viewModel.perProviderProperty().get()).isEmpty(); // the cancelled answer was dropped
        assertThat(tasks.runningCount()).isZero();
    }

    @Test
    void aFilterChangedWhileLoadingReplacesTheLoadAndOnlyTheNewAnswerIsShown() {
        api.tokens(ACME, tokens(10, "openai", "PRODUCT", 100, 0, 0, 0));
        api.tokens(ACME, tokens(29, "openai", "PRODUCT", 300, 0, 0, 0));
        viewModel.load(Place.of(UsageView.ID));
        viewModel.applyPreset(7); // before the first load answered

        executor.runPending();

        assertThat(named(viewModel.perProviderProperty().get(), "openai").points()).hasSize(7);
        assertThat(named(viewModel.perProviderProperty().get(), "openai").total()).isEqualTo(300);
        assertThat(viewModel.shownPeriodProperty().get()).startsWith("2026-11-24 to 2026-11-30");
    }

    // ---- export ----

    @Test
    void theStackedChartExportsOneRowPerDayWithEachSeries() {
        api.tokens(ACME, tokens(29, "openai", "PRODUCT", 1200, 2, 1, 0));
        open();
        viewModel.applyPreset(3);
        executor.runPending();

        assertThat(viewModel.csv(UsagePanel.ALLOWED_DENIED)).isEqualTo(
                "day,Allowed,Rate-limited,No quota,Provider failed\r\n"
                        + "2026-11-28,0,0,0,0\r\n"
                        + "2026-11-29,12,2,1,0\r\n"
                        + "2026-11-30,0,0,0,0\r\n");
        assertThat(viewModel.csv(UsagePanel.PURPOSES)).isEqualTo(
                "day,Product,R&D\r\n2026-11-28,0,0\r\n2026-11-29,1200,0\r\n2026-11-30,0,0\r\n");
    }

    @Test
    void theTopUsersExportQuotesAndDefendsAgainstFormulas() {
        api.organisations.add(new UsageApi.Organisation("org-x", "Smith, \"Jones\" & Co"));
        api.topUsers.add(new TopUser("u1", "=HYPERLINK(\"http://evil\")", "org-x", 5000, 50, 2));
        api.topUsers.add(new TopUser("u2", "-2+3", ACME, 10, 1, 0));
        open();

        assertThat(viewModel.csv(UsagePanel.TOP_USERS)).isEqualTo(
                "rank,user,user_id,organisation,org_id,allowed_tokens,attempts,denied_attempts\r\n"
                        + "1,\"'=HYPERLINK(\"\"http://evil\"\")\",u1,\"Smith, \"\"Jones\"\" & Co\",org-x,5000,50,2\r\n"
                        + "2,'-2+3,u2,Acme Games,org-acme,10,1,0\r\n");
    }

    @Test
    void theCostExportHasTheRowsTheProductTotalAndRndApart() {
        api.costRows.add(new CostRow(ACME, "Acme Games", "openai", 1000, new BigDecimal("0.000002"),
                new BigDecimal("0.002000")));
        api.costRows.add(new CostRow(GLOBEX, "Globex", "anthropic", 500, new BigDecimal("0.000003"),
                new BigDecimal("0.001500")));
        api.rndTokens = 200;
        api.rndCost = new BigDecimal("0.000400");
        open();

        assertThat(viewModel.cost()).extracting(CostItemViewModel::kind).containsExactly(
                CostItemViewModel.Kind.ROW, CostItemViewModel.Kind.ROW, CostItemViewModel.Kind.TOTAL,
                CostItemViewModel.Kind.RND);
        assertThat(viewModel.csv(UsagePanel.COST)).isEqualTo(
                "organisation,org_id,provider,tokens,price_per_token,cost,currency\r\n"
                        + "Acme Games,org-acme,openai,1000,0.000002,0.002000,usd\r\n"
                        + "Globex,org-globex,anthropic,500,0.000003,0.001500,usd\r\n"
                        + "Total (product),,,1500,,0.003500,usd\r\n"
                        + "\"R&D (Prompt Lab, not billed)\",,,200,,0.000400,usd\r\n");
    }

    @Test
    void exportWritesTheChosenFileInTheBackgroundAndSaysSo() throws Exception {
        api.anomalies.add(new Anomaly(day(29), ACME, "openai", 9000, new BigDecimal("100"), new BigDecimal("90")));
        open();
        Path file = folder.resolve("anomalies.csv");
        chosenFile = Optional.of(file);

        viewModel.export(UsagePanel.ANOMALIES);
        assertThat(Files.exists(file)).isFalse(); // not on the UI thread
        executor.runPending();

        assertThat(chooserTitles).containsExactly(
                "Export Anomalies as CSV | usage-anomalies-2026-11-01-to-2026-11-30.csv");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(
                "day,organisation,org_id,provider,tokens,baseline,ratio\r\n"
                        + "2026-11-29,Acme Games,org-acme,openai,9000,100,90\r\n");
        assertThat(viewModel.messageProperty().get()).isEqualTo("Exported 1 row of Anomalies to anomalies.csv");
    }

    @Test
    void aCancelledFileChoiceWritesNothing() {
        open();
        chosenFile = Optional.empty();

        viewModel.export(UsagePanel.METERED);
        executor.runPending();

        assertThat(chooserTitles).hasSize(1);
        assertThat(folder.toFile().list()).isEmpty();
        assertThat(viewModel.messageProperty().get()).isEmpty();
    }

    @Test
    void anExportThatCannotWriteShowsTheError() {
        open();
        chosenFile = Optional.of(folder.resolve("missing-folder").resolve("x.csv"));

        viewModel.export(UsagePanel.PROVIDERS);
        executor.runPending();

        assertThat(dialogs.errors()).singleElement().asString()
                .startsWith("Could not export Allowed tokens per provider: ");
    }

    @Test
    void theSuggestedNameOfAnOrganisationsExportNamesIt() {
        open();
        viewModel.organisationProperty().set(viewModel.organisations().get(1));
        executor.runPending();

        assertThat(viewModel.suggestedFileName(UsagePanel.TOP_USERS))
                .isEqualTo("usage-top-users-2026-11-01-to-2026-11-30-org-acme.csv");
        assertThat(viewModel.suggestedFileName(UsagePanel.COST))
                .isEqualTo("usage-cost-allocation-2026-11-01-to-2026-11-30.csv");
    }
}
