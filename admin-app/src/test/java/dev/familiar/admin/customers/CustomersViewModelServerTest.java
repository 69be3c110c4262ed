package dev.familiar.admin.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.home.HomeScreen;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Customers view models against a real embedded server, through {@link ClientCustomersApi}. */
class CustomersViewModelServerTest {
    @TempDir
    Path dataDir;

    private CustomersServerFixture fixture;
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final Navigator navigator = new Navigator(Place.of(HomeScreen.ID),
            Set.of(HomeScreen.ID, CustomersScreen.ID)::contains);
    private CustomersViewModel list;
    private CustomerDetailViewModel detail;

    @BeforeEach
    void startServer() {
        fixture = new CustomersServerFixture(dataDir);
        CustomersApi api = new ClientCustomersApi(fixture.client);
        list = new CustomersViewModel(() -> api, tasks, dialogs, navigator, SearchDelay.NONE);
        detail = new CustomerDetailViewModel(() -> api, tasks, dialogs, navigator, url -> { });
    }

    @AfterEach
    void stopServer() {
        fixture.close();
    }

    @Test
    void pagesThroughThousandsOfOrganisationsByCursorAndFindsOneBySearch() throws Exception {
        fixture.seed("Bulk", 2_000);
        fixture.signUp("Quokka Labs");

        list.load();
        executor.runPending();
        list.loadMore();
        executor.runPending();

        assertThat(dialogs.errors()).isEmpty();
        assertThat(list.rows()).hasSize(2 * CustomersViewModel.PAGE_SIZE);
        assertThat(list.rows().get(0).name()).isEqualTo("Bulk 00001");
        assertThat(list.rows().get(99).name()).isEqualTo("Bulk 00100");
        assertThat(list.canLoadMoreProperty().get()).isTrue();

        list.searchProperty().set("quok");
        executor.runPending();

        assertThat(list.rows()).extracting(CustomerItemViewModel::name).containsExactly("Quokka Labs");
        assertThat(list.rows().get(0).owner()).isEqualTo("quokka.labs@example.com");
        assertThat(list.canLoadMoreProperty().get()).isFalse();
    }

    @Test
    void theServersSortsComeBackInTheirOrder() {
        fixture.signUp("Alpha Co");
        fixture.signUp("Beta Co");
        fixture.signUp("Gamma Co");

        list.sortProperty().set(CustomerSort.NAME_DESC);
        executor.runPending();

        assertThat(list.rows()).extracting(CustomerItemViewModel::name).containsExactly("Gamma Co", "Beta Co", "Alpha Co");
    }

    @Test
    void aScheduledDowngradeShowsOnTheDetailPage() {
        String org = fixture.signUp("Downgrade Ltd");
        fixture.client.billing().upgrade(org, "pro");
        detail.load(org);
        executor.runPending();
        assertThat(detail.downgradeChoices()).extracting(CustomersApi.PlanOption::code).containsExactly("starter");

        dialogs.answerConfirm(true);
        detail.scheduleDowngrade("starter");
        executor.runPending();

        assertThat(dialogs.errors()).isEmpty();
        assertThat(dialogs.shown(ConfirmRequest.class).get(0).lines())
                .contains("Next invoice at the new price: 9.00 USD");
        assertThat(detail.scheduledChangeProperty().get()).startsWith("Moves to starter on ");
        assertThat(detail.canWithdrawDowngradeProperty().get()).isTrue();

        dialogs.answerConfirm(true);
        detail.withdrawDowngrade();
        executor.runPending();

        assertThat(detail.scheduledChangeProperty().get()).isEqualTo("None");
    }

    @Test
    void cancelNowRefundsWhatThePreviewPromised() {
        fixture.starterWithoutTrial();
        String org = fixture.signUp("Refund Inc");
        detail.load(org);
        executor.runPending();
        assertThat(detail.statusProperty().get()).isEqualTo("active");

        dialogs.answerConfirm(true);
        detail.cancelNow();
        executor.runPending();

        assertThat(dialogs.errors()).isEmpty();
        String promised = dialogs.shown(ConfirmRequest.class).get(0).lines().get(0); // "Refund: 9.00 USD of invoice in_…"
        assertThat(promised).matches("Refund: \\d+\\.\\d\\d USD of invoice in_\\S+");
        String amountAndInvoice = promised.substring("Refund: ".length()).replace(" of invoice ", " of ");
        assertThat(detail.refundsProperty().get()).startsWith("Refunded " + amountAndInvoice);
        assertThat(detail.statusProperty().get()).isEqualTo("canceled");
    }

    @Test
    void aRefusedActionShowsTheServersRequestId() {
        String org = fixture.signUp("Conflict GmbH");
        detail.load(org);
        executor.runPending();

        detail.upgradeNow("starter"); // the plan it is on: the server refuses the preview

        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class)).isEmpty();
        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.message()).contains("already on the plan starter").contains("HTTP 409");
        assertThat(error.requestId()).isNotBlank();
    }
}
