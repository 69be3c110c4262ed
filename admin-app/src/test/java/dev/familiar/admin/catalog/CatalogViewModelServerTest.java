package dev.familiar.admin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.CatalogClient;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog view model against a real embedded server on H2, through {@link ClientCatalogApi}. */
class CatalogViewModelServerTest {
    @TempDir
    static Path dataDir;

    private static FamiliarServer server;
    private static FamiliarClient client;

    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final CatalogViewModel catalog =
            new CatalogViewModel(() -> new ClientCatalogApi(client.catalog()), tasks, dialogs);

    @BeforeAll
    static void startServer() {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        client = FamiliarClient.connect(server.baseUrl())
                .withBearer(server.inProcessAdminSession().orElseThrow().token());
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

    @Test
    void loadShowsTheSeededPlansWithTheirPrices() {
        load();

        assertThat(plan("starter").priceWithIntervalText()).isEqualTo("9.00 USD / month");
        assertThat(plan("starter").trialDays()).isEqualTo(14);
        assertThat(plan("pro").includedUnits()).containsEntry("api_call", 50_000L);
        assertThat(plan("enterprise").tier()).isGreaterThan(plan("pro").tier());
        assertThat(dialogs.shown(ErrorRequest.class)).isEmpty();
    }

    @Test
    void aCreatedPlanIsStoredOnTheServer() {
        load();
        dialogs.answerForm(Map.of("code", "team-srv", "name", "Team", "price", "19.50", "currency", "EUR",
                "interval", "year", "trialDays", "7", "tier", "5", "includedUnits", "api_call=5000, seats=3"));

        catalog.create();
        executor.runPending();

        assertThat(dialogs.shown(ErrorRequest.class)).isEmpty();
        CatalogViewModel fresh =
                new CatalogViewModel(() -> new ClientCatalogApi(client.catalog()), tasks, dialogs);
        fresh.load(Place.of("catalog", "team-srv"));
        executor.runPending();
        assertThat(fresh.selectedProperty().get()).isEqualTo(new PlanItemViewModel("team-srv", "Team", null, "eur",
                1_950, "year", 7, 5, Map.of("api_call", 5_000L, "seats", 3L), false));
    }

    @Test
    void anEditChangesThePlanOnTheServer() {
        load();
        dialogs.answerForm(Map.of("code", "edit-srv", "name", "Edit me", "price", "5.00", "tier", "6"));
        catalog.create();
        executor.runPending();
        dialogs.answerForm(Map.of("name", "Edited", "price", "7.25", "stripePriceId", "price_1EditSrv"));

        catalog.editSelected();
        executor.runPending();

        load();
        assertThat(plan("edit-srv").name()).isEqualTo("Edited");
        assertThat(plan("edit-srv").amount()).isEqualTo(725);
        assertThat(plan("edit-srv").stripePriceId()).isEqualTo("price_1EditSrv");
    }

    @Test
    void theServersRefusalIsShownWithItsRequestId() {
        load();
        dialogs.answerForm(Map.of("code", "owner-srv", "name", "Owner", "price", "5.00", "tier", "7",
                "stripePriceId", "price_1Taken"));
        catalog.create();
        executor.runPending();
        dialogs.answerForm(Map.of("code", "thief-srv", "name", "Thief", "price", "5.00", "tier", "8",
                "stripePriceId", "price_1Taken"));

        catalog.create();
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not save the plan thief-srv");
        assertThat(error.message()).isEqualTo(
                "This Stripe price id already belongs to the plan owner-srv (HTTP 409)");
        assertThat(error.requestId()).isNotBlank();
        assertThat(catalog.allPlans()).extracting(PlanItemViewModel::code).doesNotContain("thief-srv");
    }

    @Test
    void archivingOnceConfirmedTakesThePlanOutOfTheActiveListAndUnarchivingPutsItBack() {
        load();
        dialogs.answerForm(Map.of("code", "arch-srv", "name", "Old", "price", "3.00", "tier", "9"));
        catalog.create();
        executor.runPending();
        dialogs.answerConfirm(true);

        catalog.toggleArchiveSelected();
        executor.runPending();

        assertThat(dialogs.shown(ErrorRequest.class)).isEmpty();
        load();
        assertThat(plan("arch-srv").archived()).as("archived on the server").isTrue();
        assertThat(client.catalog().list(CatalogClient.Archived.FALSE))
                .extracting(CatalogPlan::code).doesNotContain("arch-srv");

        catalog.selectedProperty().set(plan("arch-srv"));
        catalog.toggleArchiveSelected();
        executor.runPending();

        load();
        assertThat(plan("arch-srv").archived()).isFalse();
        assertThat(client.catalog().list(CatalogClient.Archived.FALSE))
                .extracting(CatalogPlan::code).contains("arch-srv");
    }

    @Test
    void editingAnArchivedPlanKeepsItArchived() {
        load();
        dialogs.answerForm(Map.of("code", "keep-srv", "name", "Kept", "price", "3.00", "tier", "10"));
        catalog.create();
        executor.runPending();
        dialogs.answerConfirm(true);
        catalog.toggleArchiveSelected();
        executor.runPending();
        dialogs.answerForm(Map.of("name", "Kept, renamed"));

        catalog.editSelected();
        executor.runPending();

        assertThat(dialogs.shown(ErrorRequest.class)).isEmpty();
        load();
        assertThat(plan("keep-srv").name()).isEqualTo("Kept, renamed");
        assertThat(plan("keep-srv").archived()).isTrue();
    }

    private void load() {
        catalog.load(Place.of("catalog"));
        executor.runPending();
    }

    private PlanItemViewModel plan(String code) {
        return catalog.allPlans().stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    }
}
