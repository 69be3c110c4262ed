package dev.familiar.admin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.CatalogClient;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The catalog screen mounted alone on Monocle's headless screen, over a real embedded server. */
class CatalogViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    static Path dataDir;

    private static FamiliarServer server;
    private static FamiliarClient client;

    private FxBackgroundExecutor executor;

    @BeforeAll
    static void startServer() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        client = FamiliarClient.connect(server.baseUrl())
                .withBearer(server.inProcessAdminSession().orElseThrow().token());
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void mountTheScreen() throws Exception {
        executor = new FxBackgroundExecutor();
        FxToolkit.setupStage(stage -> {
            TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
            CatalogView view = new CatalogView(new CatalogViewModel(
                    () -> new ClientCatalogApi(client.catalog()), tasks, new FxDialogService(stage)));
            stage.setScene(new Scene((javafx.scene.Parent) view.view(), 1100, 600));
            stage.show();
            view.show(Place.of("catalog"));
        });
        waitUntil(() -> codes().containsAll(List.of("starter", "pro", "enterprise")));
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
    }

    @Test
    void createsAPlanThroughTheFormAndSeesItInTheTable() throws Exception {
        clickOn("#catalogNew");
        clickOn("#field-code").write("guild");
        clickOn("#field-name").write("Guild");
        clickOn("#field-price").write("12.50");
        clickOn("#field-stripePriceId").write("price_1Guild");
        clickOn("#formConfirm");

        waitUntil(() -> codes().contains("guild"));
        PlanItemViewModel row = onFx(() -> table().getItems().stream()
                .filter(p -> p.code().equals("guild")).findFirst().orElseThrow());
        assertThat(row.priceWithIntervalText()).isEqualTo("12.50 USD / month");
        assertThat(row.includedUnitsText()).isEqualTo("api_call 1,000");
        assertThat(row.statusText()).isEqualTo("Active");
        assertThat(onFx(() -> table().getSelectionModel().getSelectedItem().code())).isEqualTo("guild");
        assertThat(text("#catalogStatus")).startsWith("Created plan guild.");
        assertThat(new ClientCatalogApi(client.catalog()).plans()).extracting(PlanItemViewModel::code).contains("guild");
    }

    @Test
    void aBadFieldIsNamedInlineAndTheFormCannotBeConfirmed() throws Exception {
        clickOn("#catalogNew");
        clickOn("#field-code").write("Bad Code");
        clickOn("#field-name").write("Bad");
        clickOn("#field-price").write("9.999");

        assertThat(text("#problem-code")).startsWith("Lower-case letters");
        assertThat(text("#problem-price")).isEqualTo("At most 2 decimals");
        Node confirm = lookup("#formConfirm").query();
        assertThat(onFx(confirm::isDisabled)).isTrue();

        press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitUntil(() -> lookup("#formDialog").tryQuery().isEmpty()
                || !onFx(() -> lookup("#formDialog").query().getScene().getWindow().isShowing()));
        assertThat(codes()).doesNotContain("bad code");
    }

    @Test
    void archivesAPlanAfterConfirmingAndCanHideArchivedPlans() throws Exception {
        client.catalog().put("old-ui", CatalogPlan.of("Old UI", null, "usd", 300, "month", 0, 20,
                Map.of("api_call", 10L)));
        clickOn("#catalogRefresh");
        waitUntil(() -> codes().contains("old-ui"));

        clickOn("old-ui");
        clickOn("#catalogArchive");
        waitUntil(() -> lookup("#confirmDetails").tryQuery().isPresent());
        assertThat(text("#confirmDetails")).contains("keep it");
        clickOn("#confirmButton");

        waitUntil(() -> onFx(() -> row("old-ui").archived()));
        assertThat(text("#catalogArchive")).isEqualTo("Unarchive");
        assertThat(client.catalog().list(CatalogClient.Archived.TRUE)).extracting(CatalogPlan::code)
                .contains("old-ui");

        clickOn("#catalogShowArchived");
        waitUntil(() -> !codes().contains("old-ui"));
    }

    @Test
    void searchNarrowsTheTable() throws Exception {
        clickOn("#catalogSearch").write("enter");

        waitUntil(() -> codes().equals(List.of("enterprise")));
    }

    private PlanItemViewModel row(String code) {
        return table().getItems().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }

    private TableView<PlanItemViewModel> table() {
        return lookup("#catalogTable").queryTableView();
    }

    private List<String> codes() {
        return onFx(() -> table().getItems().stream().map(PlanItemViewModel::code).toList());
    }

    private String text(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition);
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
