package dev.familiar.admin.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.ScreenDescriptor;
import dev.familiar.admin.screens.ScreenHost;
import dev.familiar.admin.screens.ScreenRegistry;
import dev.familiar.admin.session.SessionState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Customers screen on Monocle's headless screen, mounted in a screen host over a real embedded server
 * (dry-run billing): find one organisation among 10,000, schedule a downgrade, cancel now with the promised refund.
 */
class CustomersViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;

    private CustomersServerFixture fixture;
    private FxBackgroundExecutor executor;
    private Navigator navigator;
    private final List<String> opened = new CopyOnWriteArrayList<>();

    private void mount() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            SessionState session = new SessionState();
            session.connected(fixture.client, "admin");
            ScreenRegistry registry = new ScreenRegistry(List.of(new ScreenDescriptor(CustomersScreen.ID, "Customers",
                    3, context -> CustomersScreen.create(context, ClientCustomersApi::new, opened::add))));
            navigator = new Navigator(Place.of(CustomersScreen.ID), registry::knows);
            executor = new FxBackgroundExecutor();
            ScreenHost host = new ScreenHost(registry, navigator, session, executor, new ActivityMonitor(),
                    new FxDialogService(stage));
            BorderPane root = new BorderPane();
            host.currentProperty().addListener((obs, old, screen) -> root.setCenter(screen.view()));
            stage.setScene(new Scene(root, 1200, 860));
            host.start();
            stage.show();
        });
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void findsACustomerAmongTenThousandAndOpensTheirPage() throws Exception {
        fixture = new CustomersServerFixture(dataDir);
        fixture.seed("Bulk", 10_000);
        fixture.signUp("Wombat Works");
        mount();
        TableView<?> table = lookup("#customersTable").queryAs(TableView.class);
        await(() -> table.getItems().size() == CustomersViewModel.PAGE_SIZE, "the first page");
        assertThat(text("#customersSummary")).isEqualTo("50 customers shown · more on the server");

        Node loading = lookup("#customersLoading").query();
        clickOn("#customersSearch").write("wombat");
        // each keystroke starts a search that cancels the previous one: wait for the last one's answer
        await(() -> !loading.isVisible() && table.getItems().size() == 1, "one match");
        assertThat(text("#customersSummary")).isEqualTo("1 customers");
        await(() -> lookup(".table-cell").match(LabeledMatchers.hasText("Wombat Works")).tryQuery().isPresent(),
                "the row drawn");
        WaitForAsyncUtils.waitForFxEvents();
        doubleClickOn(lookup(".table-cell").match(LabeledMatchers.hasText("Wombat Works")).queryAs(Node.class));

        await(() -> text("#customerTitle").equals("Wombat Works"), "the detail page");
        await(() -> text("#customerPlan").startsWith("Starter (starter)"), "the plan");
        assertThat(text("#customerUsage")).isEqualTo("0 / 1,000 api_call");
        assertThat(text("#customerStatus")).startsWith("trialing");
    }

    @Test
    void schedulesADowngradeAndSeesTheScheduledChange() throws Exception {
        fixture = new CustomersServerFixture(dataDir);
        String org = fixture.signUp("Downgrade Works");
        fixture.client.billing().upgrade(org, "pro");
        mount();
        interact(() -> navigator.go(Place.of(CustomersScreen.ID, org)));
        await(() -> text("#customerPlan").startsWith("Pro (pro)"), "the pro plan");
        assertThat(text("#customerScheduledChange")).isEqualTo("None");

        clickOn("#downgradePlan");
        clickOn(lookup(".list-cell").match(LabeledMatchers.hasText("Starter (starter) · 9.00 USD/month"))
                .queryAs(Node.class));
        clickOn("#downgradeButton");
        await(() -> lookup("#confirmDetails").tryQuery().isPresent(), "the confirmation");
        assertThat(text("#confirmDetails")).contains("Next invoice at the new price: 9.00 USD");
        clickOn("#confirmButton");

        await(() -> text("#customerScheduledChange").startsWith("Moves to starter on "), "the scheduled change");
        assertThat(text("#customerNotice")).startsWith("Downgrade to starter scheduled for ");
    }

    @Test
    void cancelsNowAndSeesTheRefundThePreviewPromised() throws Exception {
        fixture = new CustomersServerFixture(dataDir);
        fixture.starterWithoutTrial();
        String org = fixture.signUp("Refund Works");
        mount();
        interact(() -> navigator.go(Place.of(CustomersScreen.ID, org)));
        await(() -> text("#customerStatus").equals("active"), "an active subscription");
        TableView<?> invoices = lookup("#invoicesTable").queryAs(TableView.class);
        await(() -> !invoices.getItems().isEmpty(), "the paid invoice");

        clickOn("#cancelNowButton");
        await(() -> lookup("#confirmDetails").tryQuery().isPresent(), "the confirmation");
        String promised = text("#confirmDetails").lines().findFirst().orElseThrow();
        assertThat(promised).matches("Refund: \\d+\\.\\d\\d USD of invoice in_\\S+");
        clickOn("#confirmButton");

        String refund = "Refunded " + promised.substring("Refund: ".length()).replace(" of invoice ", " of ");
        await(() -> text("#customerRefunds").startsWith(refund), "the refund made: " + refund);
        assertThat(text("#customerStatus")).isEqualTo("canceled");
    }

    @Test
    void anInvoiceOpensItsHostedPageThroughTheOpener() throws Exception {
        fixture = new CustomersServerFixture(dataDir);
        fixture.starterWithoutTrial();
        String org = fixture.signUp("Invoice Works");
        mount();
        interact(() -> navigator.go(Place.of(CustomersScreen.ID, org)));
        TableView<?> invoices = lookup("#invoicesTable").queryAs(TableView.class);
        await(() -> !invoices.getItems().isEmpty(), "the paid invoice");

        interact(() -> invoices.getSelectionModel().select(0));
        clickOn("#openInvoiceButton");

        await(() -> !opened.isEmpty(), "the opened page");
        assertThat(opened.get(0)).startsWith("https://invoice.dry-run.invalid/i/in_");
    }

    private String text(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private void await(Callable<Boolean> condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("Waited in vain for " + what, e);
        }
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
