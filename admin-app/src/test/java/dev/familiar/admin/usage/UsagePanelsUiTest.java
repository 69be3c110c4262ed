package dev.familiar.admin.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.TokenDay;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Usage view over the fake port (as {@code DirectoryDialogsUiTest} does for the directory): what the
 * operator sees of an anomalous day (its symbol marked) and of one route failing (its panel's error, the rest drawn).
 */
class UsagePanelsUiTest extends FxRobot {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private final FakeUsageApi api = new FakeUsageApi();
    private FxBackgroundExecutor executor;

    @BeforeEach
    void mountTheScreen() throws Exception {
        api.tokens("org-a", new TokenDay(TODAY.minusDays(2), "openai", "PRODUCT", 1, 100, 0, 0, 0, 0));
        api.tokens("org-a", new TokenDay(TODAY.minusDays(1), "openai", "PRODUCT", 9, 900, 1, 0, 0, 10));
        api.tokens("org-a", new TokenDay(TODAY.minusDays(1), "gemini", "PRODUCT", 1, 50, 0, 0, 0, 0));
        api.anomalies.add(new Anomaly(TODAY.minusDays(1), "org-a", "openai", 900, new BigDecimal("100"),
                new BigDecimal("9")));
        api.failing.add("top-users");
        executor = new FxBackgroundExecutor();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            UsageView view = new UsageView(new UsageViewModel(() -> api, new TaskScope(executor, new ActivityMonitor()),
                    new FxDialogService(primary), (title, name) -> Optional.empty()));
            primary.setScene(new Scene((Parent) view.view(), 1280, 800));
            primary.show();
            view.show(Place.of(UsageView.ID));
        });
        await(() -> onFx(() -> !((Label) lookup("#usageSummary").query()).getText().isEmpty()));
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
    }

    @Test
    void theAnomalousDaysSymbolIsMarkedOnItsProviderLineOnly() throws Exception {
        String day = TODAY.minusDays(1).format(DateTimeFormatter.ofPattern("MM-dd"));
        @SuppressWarnings("unchecked")
        XYChart<String, Number> chart = (XYChart<String, Number>) lookup("#providersChart").query();
        await(() -> onFx(() -> lookup("." + UsageView.ANOMALY_STYLE).queryAll().size() == 1));

        List<String> marked = onFx(() -> chart.getData().stream().flatMap(s -> s.getData().stream()
                .filter(d -> d.getNode() != null && d.getNode().getStyleClass().contains(UsageView.ANOMALY_STYLE))
                .map(d -> s.getName() + " " + d.getXValue() + " " + d.getYValue())).toList());
        assertThat(marked).containsExactly("openai " + day + " 900");
    }

    @Test
    void aFailedRouteShowsItsErrorInItsTabAndTheChartsAreDrawn() throws Exception {
        clickOn("Top users");
        await(() -> onFx(() -> lookup((Node n) -> n instanceof Label l && l.isVisible()
                && "Could not load top users: top-users broke (HTTP 500)".equals(l.getText())).tryQuery().isPresent()));
        assertThat(onFx(() -> ((XYChart<?, ?>) lookup("#allowedDeniedChart").query()).getData().size())).isEqualTo(4);
        assertThat(onFx(() -> ((Label) lookup("#usageSummary").query()).getText()))
                .startsWith("Allowed 1,050 tokens in 11 attempts · denied 1 attempt (10 tokens)");
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
