package dev.familiar.admin.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.directory.FxDebouncer;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitBounds;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
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
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Quotas and limits view, with its view model and dialogs, over a real server on a temporary H2 folder, on
 * Monocle's headless screen: a tenant limit edited end to end (form, the server's preview, apply), by the tenant's
 * own admin and by an administrator; the server, asked through the typed client afterwards, says what happened.
 */
class LimitsViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD = "a-long-enough-passw0rd";

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient anonymous;
    private FamiliarClient tenantAdmin;
    private FxBackgroundExecutor executor;
    private String acme;
    private TenantLimitBounds bounds;

    @BeforeEach
    void startTheServer() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(),
                "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        anonymous = FamiliarClient.connect(server.baseUrl());
        acme = admin.tenants().create("Acme Games", "pro", null).orgId();
        bounds = admin.tokenSettings().tenantLimits().bounds();
    }

    private void mount(FamiliarClient client, List<String> roles) throws Exception {
        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(client, "someone", roles);
            FxDialogService dialogs = new FxDialogService(primary);
            LimitsDialogs.register(dialogs);
            LimitsView view = new LimitsView(new LimitsViewModel(
                    session.api(c -> new ClientLimitsApi(c.tokenSettings())),
                    new TaskScope(executor, new ActivityMonitor()), dialogs, () -> session.rolesProperty().get(),
                    () -> new FxDebouncer(FxDebouncer.SEARCH_QUIET)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of(LimitsView.ID, LimitsViewModel.TENANTS));
        });
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
        if (tenantAdmin != null) {
            tenantAdmin.close();
        }
        admin.close();
        anonymous.close();
        server.close();
    }

    @Test
    void aTenantAdminRaisesTheirTenantsLimitWithinTheBoundsAfterReadingThePreview() throws Exception {
        String code = admin.users().invite("ops@acme.example", acme, List.of("TENANT_ADMIN")).code();
        LoginResponse login = anonymous.account().acceptInvitation(code, PASSWORD);
        tenantAdmin = FamiliarClient.connect(server.baseUrl(), "Bearer " + login.token());
        mount(tenantAdmin, login.roles());
        awaitText("#tenantLimitsMessage", "Your tenant is on the platform defaults");
        assertThat(onFx(() -> ((TabPane) lookup("#limitsTabs").query()).getTabs().stream().map(Tab::getText)
                .toList())).containsExactly("Tenant rate limits");
        long window = bounds.defaultWindowSeconds();
        long within = Math.min(bounds.maxCapacity(), (long) Math.floor(bounds.maxLeakPerSecond() * window));
        long wanted = within == bounds.defaultCapacity() ? within - 1 : within;

        clickOn(cell("Acme Games"));
        clickOn("#editTenantLimit");
        await(() -> isShowing("#formDialog"));
        type("#field-capacity", Long.toString(bounds.maxCapacity() + 1));
        await(() -> !textOf("#problem-capacity").isEmpty());
        assertThat(onFx(() -> lookup("#formConfirm").query().isDisabled())).as("beyond the bounds").isTrue();
        type("#field-capacity", Long.toString(wanted));
        await(() -> textOf("#problem-capacity").isEmpty());
        clickOn("#formConfirm");

        await(() -> isShowing("#impactDialog"));
        assertThat(textOf("#impactSummary")).endsWith("1 tenant affected");
        assertThat(textOf("#impactRefresh")).startsWith("Changes reach every server within");
        clickOn("#impactConfirm");

        await(() -> textOf("#limitsMessage").startsWith("Saved the tenant limit of Acme Games."));
        TenantLimit stored = admin.tokenSettings().tenantLimit(acme);
        assertThat(stored.custom()).isTrue();
        assertThat(stored.capacity()).isEqualTo(wanted);
        assertThat(stored.windowSeconds()).isEqualTo(window);
        awaitText("#tenantLimitsMessage", "Your tenant has its own limit");
    }

    @Test
    void anAdministratorEditsATenantsLimitThenPutsItBackOnTheDefaults() throws Exception {
        admin.tokenSettings().putTenantLimit(acme, new TenantLimitRequest(bounds.defaultCapacity(),
                bounds.defaultWindowSeconds()));
        mount(admin, List.of("ADMIN"));
        awaitText("#tenantLimitsMessage", "1 tenant has a limit of their own");

        clickOn(cell("Acme Games"));
        clickOn("#editTenantLimit");
        await(() -> isShowing("#formDialog"));
        type("#field-capacity", Long.toString(bounds.maxCapacity() * 2)); // an administrator is not bound by it
        type("#field-windowSeconds", Long.toString(bounds.maxWindowSeconds()));
        await(() -> !onFx(() -> lookup("#formConfirm").query().isDisabled()));
        clickOn("#formConfirm");
        await(() -> isShowing("#impactDialog"));
        clickOn("#impactConfirm");

        await(() -> textOf("#limitsMessage").startsWith("Saved the tenant limit of Acme Games."));
        assertThat(admin.tokenSettings().tenantLimit(acme).capacity()).isEqualTo(bounds.maxCapacity() * 2);

        clickOn(cell("Acme Games"));
        clickOn("#removeTenantLimit");
        await(() -> isShowing("#impactDialog"));
        clickOn("#impactConfirm");

        awaitText("#tenantLimitsMessage", "Every tenant is on the platform defaults");
        assertThat(admin.tokenSettings().tenantLimit(acme).custom()).isFalse();
    }

    private void type(String query, String text) {
        TextField field = lookup(query).query();
        onFx(() -> {
            field.setText(text);
            return null;
        });
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
        return lookup(query).tryQuery().map(node -> onFx(() -> node instanceof Labeled l && l.getText() != null
                ? l.getText() : "")).orElse("");
    }

    private void awaitText(String query, String expected) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> expected.equals(textOf(query)));
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
