package dev.familiar.admin.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.auth.RegisterResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.llm.TokenConsumeOutcome;
import dev.familiar.model.llm.TokenConsumeRequest;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Usage view with its view model over a real server on a temporary H2 folder, seeded with known token
 * attempts made through the typed client (dry-run providers): two users, one of whom fills his rate-limit bucket and
 * is refused once. The operator picks a preset, filters by provider, exports the top users and the cost allocation
 * (the file chosen through the {@link CsvFileChooser} port, a temp file here) and types an impossible period.
 * Needs the dashboard routes ({@code /api/admin/dashboard/*}, branch h16-dashboard); without them these fail.
 */
class UsageViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD = "a-long-enough-password";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    @TempDir
    Path dataDir;
    @TempDir
    Path exports;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient anonymous;
    private final List<FamiliarClient> users = new ArrayList<>();
    private FxBackgroundExecutor executor;
    private RegisterResponse ana;
    private RegisterResponse ben;
    private volatile Path nextExport;

    @BeforeEach
    void mountTheScreen() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(), "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        anonymous = FamiliarClient.connect(server.baseUrl());
        ana = register("ana");
        ben = register("ben");
        consume(ana, "openai", 400, true);
        consume(ana, "gemini", 250, true);
        consume(ben, "openai", 1000, true);
        consume(ben, "openai", 600, false); // over the bucket (1,000): rate-limited
        // Token events are written in the background: wait until the server's dashboard counts all four.
        await(() -> admin.dashboard().tokens(DashboardQuery.lastDays(LocalDate.now(ZoneOffset.UTC), 1)).days()
                .stream().mapToLong(d -> d.allowedEvents() + d.rateLimitedEvents()).sum() == 4);

        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(admin, "admin (ADMIN)");
            UsageView view = new UsageView(new UsageViewModel(session.api(ClientUsageApi::new),
                    new TaskScope(executor, new ActivityMonitor()), new FxDialogService(primary),
                    (title, name) -> Optional.ofNullable(nextExport)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 800));
            primary.show();
            view.show(Place.of(UsageView.ID));
        });
        await(() -> !textOf("#usageSummary").isEmpty());
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
        users.forEach(FamiliarClient::close);
        admin.close();
        anonymous.close();
        server.close();
    }

    private RegisterResponse register(String name) {
        RegisterResponse account = anonymous.auth().register(name + "-usage", name + ".usage@example.com", PASSWORD);
        admin.tokens().setTier(account.userId(), "ENTERPRISE", null);
        return account;
    }

    private void consume(RegisterResponse account, String provider, long tokens, boolean allowed) {
        FamiliarClient user = FamiliarClient.connect(server.baseUrl(), "Bearer " + account.token());
        users.add(user);
        TokenConsumeOutcome outcome = user.tokens().consume(
                new TokenConsumeRequest(account.userId(), null, provider, tokens, "hello"));
        assertThat(outcome.allowed()).as(provider + " " + tokens).isEqualTo(allowed);
    }

    @Test
    void theSeededAttemptsAreChartedAndTheProviderFilterNarrowsThem() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).format(DAY);
        await(() -> textOf("#usageSummary")
                .startsWith("Allowed 1,650 tokens in 3 attempts · denied 1 attempt (600 tokens)"));
        assertThat(pointOf("#allowedDeniedChart", "Allowed", today)).isEqualTo(3);
        assertThat(pointOf("#allowedDeniedChart", "Rate-limited", today)).isEqualTo(1);
        assertThat(pointOf("#providersChart", "openai", today)).isEqualTo(1400);
        assertThat(pointOf("#providersChart", "gemini", today)).isEqualTo(250);

        clickOn("#usagePreset7");
        await(() -> textOf("#usagePeriod").startsWith(LocalDate.now(ZoneOffset.UTC).minusDays(6) + " to "));
        clickOn("#usageProvider");
        clickOn(listCell("gemini"));

        await(() -> textOf("#usagePeriod").endsWith(" · gemini"));
        assertThat(seriesNames("#providersChart")).containsExactly("gemini");
        assertThat(textOf("#usageSummary")).startsWith("Allowed 250 tokens in 1 attempt · denied 0 attempts");
        assertThat(onFx(() -> table("#topUsersTable").getItems().size())).isEqualTo(1);
    }

    @Test
    void theTopUsersAndTheCostAllocationAreExportedAsShown() throws Exception {
        await(() -> onFx(() -> table("#topUsersTable").getItems().size()) == 2);
        nextExport = exports.resolve("top.csv");
        clickOn("#usageExport");
        clickOn("Top users…");
        await(() -> Files.exists(exports.resolve("top.csv")));

        List<String> lines = Files.readAllLines(exports.resolve("top.csv"), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("rank,user,user_id,organisation,org_id,allowed_tokens,attempts,"
                + "denied_attempts");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("1,ben-usage," + ben.userId() + ",").endsWith(",1000,2,1");
        assertThat(lines.get(2)).startsWith("2,ana-usage," + ana.userId() + ",").endsWith(",650,2,0");
        await(() -> textOf("#usageMessage").equals("Exported 2 rows of Top users to top.csv"));

        clickOn("Cost allocation");
        nextExport = exports.resolve("cost.csv");
        clickOn("#usageExportCost");
        await(() -> Files.exists(exports.resolve("cost.csv")));
        List<String> cost = Files.readAllLines(exports.resolve("cost.csv"), StandardCharsets.UTF_8);
        assertThat(cost.get(0)).isEqualTo("organisation,org_id,provider,tokens,price_per_token,cost,currency");
        assertThat(cost).anySatisfy(line -> assertThat(line).startsWith("Total (product),,,1650,,"));
        assertThat(cost).anySatisfy(line -> assertThat(line).startsWith("\"R&D (Prompt Lab, not billed)\",,,0,,"));
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefusedOnTheScreen() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        DatePicker from = lookup("#usageFrom").queryAs(DatePicker.class);
        clickOn(from.getEditor());
        press(KeyCode.CONTROL).press(KeyCode.A).release(KeyCode.A).release(KeyCode.CONTROL);
        write(from.getConverter().toString(today.plusDays(3)));
        press(KeyCode.ENTER).release(KeyCode.ENTER);

        await(() -> textOf("#usageRangeProblem").equals("The first day must be on or before the last day"));
        assertThat(onFx(() -> lookup("#usageRefresh").query().isDisabled())).isTrue();
    }

    // ---- reading the screen ----

    @SuppressWarnings("unchecked")
    private XYChart<String, Number> chart(String id) {
        return (XYChart<String, Number>) lookup(id).query();
    }

    private List<String> seriesNames(String id) {
        return onFx(() -> chart(id).getData().stream().map(XYChart.Series::getName).toList());
    }

    private long pointOf(String id, String series, String day) {
        return onFx(() -> chart(id).getData().stream().filter(s -> series.equals(s.getName()))
                .flatMap(s -> s.getData().stream()).filter(d -> day.equals(d.getXValue()))
                .mapToLong(d -> d.getYValue().longValue()).sum());
    }

    private TableView<?> table(String id) {
        return (TableView<?>) lookup(id).query();
    }

    private Node listCell(String text) throws Exception {
        await(() -> lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText())).tryQuery()
                .isPresent());
        return lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText())).query();
    }

    private String textOf(String query) {
        return lookup(query).tryQuery().map(node -> onFx(() -> ((Labeled) node).getText())).orElse("");
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
