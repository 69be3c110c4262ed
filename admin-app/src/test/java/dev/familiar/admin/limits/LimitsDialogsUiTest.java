package dev.familiar.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.directory.FxDebouncer;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Quotas and limits view and its dialogs over the fake port, for what a real server is not asked here: a
 * tenant admin's view (one tab, the bounds enforced as they type), and an organisation quota lowered below what is
 * used (the preview's exhausted line highlighted).
 */
class LimitsDialogsUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 30;

    private final FakeLimitsApi api = new FakeLimitsApi();
    private FxBackgroundExecutor executor;

    private void mount(List<String> roles) throws Exception {
        api.tenant("acme", "Acme", 2000, 60, true);
        api.quota("org-1", "Acme Games", "openai", 100_000, 90_000);
        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            FxDialogService dialogs = new FxDialogService(primary);
            LimitsDialogs.register(dialogs);
            LimitsView view = new LimitsView(new LimitsViewModel(() -> api,
                    new TaskScope(executor, new ActivityMonitor()), dialogs, () -> roles,
                    () -> new FxDebouncer(FxDebouncer.SEARCH_QUIET)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of(LimitsView.ID, LimitsViewModel.TENANTS));
        });
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
    }

    @Test
    void aTenantAdminSeesOneTabAndCannotConfirmALimitBeyondTheBounds() throws Exception {
        mount(List.of("TENANT_ADMIN"));
        awaitText("#tenantLimitsMessage", "Your tenant has its own limit");
        List<String> tabs = onFx(() -> ((TabPane) lookup("#limitsTabs").query()).getTabs().stream()
                .map(Tab::getText).toList());
        assertThat(tabs).containsExactly("Tenant rate limits");
        assertThat(onFx(() -> lookup("#addTenantLimit").query().isVisible())).isFalse();

        clickOn(cell("Acme"));
        clickOn("#editTenantLimit");
        await(() -> isShowing("#formDialog"));
        TextField capacity = lookup("#field-capacity").query();
        onFx(() -> {
            capacity.setText("6000");
            return null;
        });
        awaitText("#problem-capacity", "at most 5,000 (the platform's bound)");
        assertThat(onFx(() -> lookup("#formConfirm").query().isDisabled())).isTrue();
        onFx(() -> {
            capacity.setText("4000");
            return null;
        });
        assertThat(textOf("#problem-capacity")).startsWith("leaks 66.667/s, at most 50/s");
        onFx(() -> {
            capacity.setText("2900");
            return null;
        });
        awaitText("#problem-capacity", "");
        clickOn("#formConfirm");

        await(() -> isShowing("#impactDialog"));
        assertThat(textOf("#impactSummary")).isEqualTo("40 users and 1 tenant affected");
        clickOn("#impactConfirm");
        awaitText("#limitsMessage", "Saved the tenant limit of Acme. Changes reach every server within 15 seconds.");
        assertThat(api.tenantLimit("acme").capacity()).isEqualTo(2900);
    }

    @Test
    void aQuotaLoweredBelowWhatIsUsedIsHighlightedInThePreviewAndCancelChangesNothing() throws Exception {
        mount(List.of("ADMIN"));
        clickOn(lookup(".tab").match((Node n) -> n.lookup(".tab-label") instanceof Labeled l
                && "Organisation quotas".equals(l.getText())).<Node>query());
        clickOn(cell("Acme Games"));
        clickOn("#editOrgQuota");
        await(() -> isShowing("#formDialog"));
        TextField total = lookup("#field-totalTokens").query();
        onFx(() -> {
            total.setText("80000");
            return null;
        });
        clickOn("#formConfirm");

        await(() -> isShowing("#impactDialog"));
        assertThat(textOf("#impactExhausted")).isEqualTo("1 quota would be exhausted in the current window");
        assertThat(textOf("#impactNote")).startsWith("90,000 tokens are used already this window");
        boolean highlighted = onFx(() -> lookup(".table-row-cell").queryAll().stream()
                .anyMatch(row -> row.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName()
                        .equals("exhausted"))));
        assertThat(highlighted).isTrue();
        clickOn("#impactCancel");

        awaitText("#limitsMessage", "Not applied: the openai quota of Acme Games is unchanged");
        assertThat(api.quotaOf("org-1", "openai").totalTokens()).isEqualTo(100_000);
        assertThat(api.calls()).noneMatch(call -> call.startsWith("putOrgQuota"));
        @SuppressWarnings("unchecked")
        TableView<OrgQuotaItemViewModel> table = (TableView<OrgQuotaItemViewModel>) lookup("#orgQuotasTable").query();
        assertThat(onFx(() -> table.getItems().get(0).totalText())).isEqualTo("100,000");
    }

    private Node cell(String text) throws Exception {
        await(() -> lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())
                && n.isVisible() && n.getScene() != null).tryQuery().isPresent());
        return lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).query();
    }

    private boolean isShowing(String query) {
        return lookup(query).tryQuery().map(node -> onFx(() -> node.getScene() != null
                && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing())).orElse(false);
    }

    private String textOf(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private void awaitText(String query, String expected) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                    () -> lookup(query).tryQuery().isPresent() && expected.equals(textOf(query)));
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertion names what was shown instead
        }
        assertThat(textOf(query)).as(query).isEqualTo(expected);
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
