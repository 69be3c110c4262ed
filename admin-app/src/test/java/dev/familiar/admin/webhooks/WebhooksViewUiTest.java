package dev.familiar.admin.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Webhooks view over a real embedded server (temporary H2 folder, dry-run billing with a webhook signing
 * secret) on Monocle's headless screen. Events are delivered signed as Stripe does; one fails for good (its price is
 * not in the catalog). The operator filters the inbox to the failed events, reads the payload and the error, and —
 * once the price is in the catalog — replays it and watches it end applied; the server, asked afterwards, agrees.
 */
class WebhooksViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 90;

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private InboxFixture inbox;
    private FamiliarClient admin;
    private FxBackgroundExecutor executor;
    private String failing;

    @BeforeEach
    void mountTheScreen() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        server = TestServers.start(InboxFixture.config(dataDir), clock);
        inbox = new InboxFixture(server, clock);
        String orgId;
        try (FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            orgId = anonymous.signup().signUp("Failing Co", "owner@failing.example").orgId();
        }
        inbox.deliver("evt_console_invoice_1", "invoice.created", "{\"id\":\"in_console_1\",\"object\":\"invoice\"}");
        inbox.deliver("evt_console_invoice_2", "invoice.finalized", "{\"id\":\"in_console_2\",\"object\":\"invoice\"}");
        failing = inbox.deliverSubscriptionUpdate("evt_console_failing", orgId, "sub_console", InboxFixture.MISSING_PRICE);
        inbox.awaitWorked("evt_console_invoice_1");
        inbox.awaitWorked("evt_console_invoice_2");
        inbox.awaitFailed(failing);
        admin = inbox.admin(); // a session issued after the clock was stepped

        executor = new FxBackgroundExecutor();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(admin, "admin (ADMIN)");
            FxDialogService dialogs = new FxDialogService(primary);
            WebhooksView view = new WebhooksView(new WebhooksViewModel(
                    session.api(c -> new ClientWebhooksApi(c.webhooks())),
                    new TaskScope(executor, new ActivityMonitor()), dialogs));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of(WebhooksView.ID));
        });
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        if (executor != null) {
            executor.shutdown();
        }
        if (admin != null) {
            admin.close();
        }
        server.close();
    }

    @Test
    void aFailedEventIsFoundReadAndReplayedUntilItIsApplied() throws Exception {
        await(() -> textOf("#webhooksListMessage").endsWith(" \u00b7 1 failed"));

        clickOn("#webhooksStatus");
        clickOn(listCell("failed"));
        awaitText("#webhooksListMessage", "1 event \u00b7 1 failed");
        assertThat(failedRowShown()).as("the FAILED row stands out").isTrue();

        clickOn(cell("customer.subscription.updated"));
        await(() -> payload().contains("\"id\" : \"" + failing + "\""));
        assertThat(payload()).contains("\"price\" : {", "\"id\" : \"" + InboxFixture.MISSING_PRICE + "\"");
        assertThat(textOf("#webhookLastError")).startsWith("Last error: ").contains(InboxFixture.MISSING_PRICE);

        inbox.addTheMissingPrice();
        clickOn("#replaySelected");
        await(() -> isShowing("#confirmDialog"));
        assertThat(textOf("#confirmDialog .header-panel .label")).isEqualTo("Replay 1 event?");
        clickOn("#confirmButton");

        String applied = failing + " (customer.subscription.updated): queued \u2192 applied";
        await(() -> lookup((Node n) -> n instanceof ListCell<?> c && applied.equals(c.getText())).tryQuery()
                .isPresent());
        awaitText("#replayMessage", "Replay: 1 applied");
        assertThat(admin.webhooks().event(failing).event().status()).isEqualTo("APPLIED");
        await(() -> !failedRowShown()); // the row follows: applied now
        assertThat(textOf("#webhookLastError")).isEmpty();
    }

    @Test
    void aTypePrefixFiltersTheInbox() throws Exception {
        await(() -> textOf("#webhooksListMessage").endsWith(" \u00b7 1 failed"));
        clickOn("#webhooksType").write("invoice.*");
        clickOn("#webhooksSearch");
        await(() -> !textOf("#webhooksListMessage").contains("failed")
                && !textOf("#webhooksListMessage").startsWith("Loading"));
        java.util.List<String> types = onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.TableView<WebhookEventItemViewModel> table =
                    (javafx.scene.control.TableView<WebhookEventItemViewModel>) lookup("#webhooksTable").query();
            return table.getItems().stream().map(WebhookEventItemViewModel::eventId).toList();
        });
        assertThat(types).contains("evt_console_invoice_1", "evt_console_invoice_2").doesNotContain(failing);
        assertThat(onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.TableView<WebhookEventItemViewModel> table =
                    (javafx.scene.control.TableView<WebhookEventItemViewModel>) lookup("#webhooksTable").query();
            return table.getItems().stream().map(WebhookEventItemViewModel::type).toList();
        })).allSatisfy(type -> assertThat(type).startsWith("invoice."));
    }

    private boolean failedRowShown() {
        return onFx(() -> lookup((Node n) -> n instanceof TableRow<?> row && row.getItem() != null
                && row.getPseudoClassStates().contains(WebhooksView.FAILED)).tryQuery().isPresent());
    }

    private String payload() {
        TextArea area = lookup("#webhookPayload").query();
        return onFx(area::getText);
    }

    private Node cell(String text) throws Exception {
        await(() -> lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).tryQuery()
                .isPresent());
        return lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).query();
    }

    private Node listCell(String text) throws Exception {
        await(() -> lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText())).tryQuery()
                .isPresent());
        return lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText())).query();
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
