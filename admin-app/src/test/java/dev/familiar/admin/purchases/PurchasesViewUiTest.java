package dev.familiar.admin.purchases;

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
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Purchases view over a real embedded server (temporary H2 folder) whose database holds finished sagas of
 * two organisations ({@link PurchaseSeed}: one completed, one failed and compensated, one failed without a hold to
 * release), on Monocle's headless screen. The operator filters by Problems and by organisation and reads a failed
 * saga's steps; what the screen lists is checked against the server's own answer to the same filter.
 */
class PurchasesViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FxBackgroundExecutor executor;
    private String orgA;
    private String orgB;

    @BeforeEach
    void mountTheScreen() throws Exception {
        ServerConfig config = ServerConfig.embedded(dataDir);
        server = FamiliarServer.start(config);
        admin = FamiliarClient.connect(server.baseUrl(), "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        orgA = admin.tenants().create("Acme Games", "pro", null).orgId();
        orgB = admin.tenants().create("Bard Studio", "pro", null).orgId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new PurchaseSeed()
                .add("user-ana", orgA, "openai", 250_000, 1250, "COMPLETED", false, null,
                        now.minus(Duration.ofHours(3)), PurchaseSeed.completed(250_000))
                .add("user-ben", orgB, "openai", 1_000_000, 5000, "FAILED", true, "capture refused: card_declined",
                        now.minus(Duration.ofHours(2)),
                        new String[]{"START", "SUCCEEDED", "saga started"},
                        new String[]{"RESERVE_PAYMENT", "SUCCEEDED", "payment hold requires_capture"},
                        new String[]{"ALLOCATE_TOKENS", "SUCCEEDED", "1000000 tokens added"},
                        new String[]{"CAPTURE_PAYMENT", "FAILED", "capture refused: card_declined"},
                        new String[]{"COMPENSATE", "SUCCEEDED", "hold voided; 1000000 tokens taken back"})
                .add("user-ana", orgA, "anthropic", 400_000, 2400, "FAILED", false, "payment refused: card_declined",
                        now.minus(Duration.ofHours(1)),
                        new String[]{"START", "SUCCEEDED", "saga started"},
                        new String[]{"RESERVE_PAYMENT", "FAILED", "payment refused: card_declined"})
                .writeTo(config);

        executor = new FxBackgroundExecutor();
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(admin, "admin (ADMIN)");
            PurchasesView view = new PurchasesView(new PurchasesViewModel(
                    session.api(c -> new ClientPurchasesApi(c.purchases())),
                    new TaskScope(executor, new ActivityMonitor()), new FxDialogService(primary)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of(PurchasesView.ID));
        });
        awaitText("#purchasesListMessage", "3 purchases \u00b7 2 failed \u00b7 1 compensated");
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
        admin.close();
        server.close();
    }

    @Test
    void problemsThenOneOrganisationNarrowTheListAsTheServerDoes() throws Exception {
        assertThat(markedRows("failed")).isEqualTo(2);
        assertThat(markedRows("compensated")).isEqualTo(1);

        clickOn("#purchasesStatus");
        clickOn(listCell("Problems (failed or compensated)"));
        awaitText("#purchasesListMessage", "2 purchases \u00b7 2 failed \u00b7 1 compensated");

        clickOn("#purchasesOrg").write(orgA);
        clickOn("#purchasesSearch");
        awaitText("#purchasesListMessage", "1 purchase \u00b7 1 failed");
        assertThat(shownSagas()).containsExactlyElementsOf(admin.purchases()
                .list(new dev.familiar.model.purchases.PurchaseFilter("PROBLEM", orgA, null, null), null, 100)
                .items().stream().map(dev.familiar.model.purchases.PurchaseSummary::sagaId).toList());
        assertThat(cellTexts()).contains("anthropic", "400,000", "24.00 USD", "failed",
                "payment refused: card_declined");
    }

    @Test
    void aFailedSagasStepsShowWhichStepFailed() throws Exception {
        clickOn(cell("capture refused: card_declined"));
        awaitText("#purchaseDetailTitle", "1,000,000 openai tokens for 50.00 USD \u00b7 failed (compensated)");
        await(() -> lookup((Node n) -> n instanceof TableCell<?, ?> c && "\u2717 failed".equals(c.getText()))
                .tryQuery().isPresent());
        List<String> steps = onFx(() -> {
            @SuppressWarnings("unchecked")
            TableView<PurchaseStepItemViewModel> table = (TableView<PurchaseStepItemViewModel>)
                    lookup("#purchaseStepsTable").query();
            return table.getItems().stream().map(s -> s.stepText() + " " + s.outcomeText()).toList();
        });
        assertThat(steps).containsExactly("START succeeded", "RESERVE_PAYMENT succeeded", "ALLOCATE_TOKENS succeeded",
                "CAPTURE_PAYMENT \u2717 failed", "COMPENSATE succeeded");
    }

    private List<String> shownSagas() {
        return onFx(() -> {
            @SuppressWarnings("unchecked")
            TableView<PurchaseItemViewModel> table = (TableView<PurchaseItemViewModel>)
                    lookup("#purchasesTable").query();
            return table.getItems().stream().map(PurchaseItemViewModel::sagaId).toList();
        });
    }

    private List<String> cellTexts() {
        return onFx(() -> lookup("#purchasesTable").lookup((Node n) -> n instanceof TableCell<?, ?>).queryAll()
                .stream().map(n -> ((TableCell<?, ?>) n).getText()).filter(t -> t != null && !t.isEmpty()).toList());
    }

    private long markedRows(String pseudoClass) {
        return onFx(() -> lookup("#purchasesTable").lookup((Node n) -> n instanceof TableRow<?> row
                && row.getItem() != null && row.getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals(pseudoClass))).queryAll().size());
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
