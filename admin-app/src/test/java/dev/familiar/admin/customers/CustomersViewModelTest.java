package dev.familiar.admin.customers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.home.HomeScreen;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CustomersViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final Navigator navigator = new Navigator(Place.of(HomeScreen.ID),
            Set.of(HomeScreen.ID, CustomersScreen.ID)::contains);
    private final FakeCustomersApi api = new FakeCustomersApi().withOrgs(120);
    private final List<Duration> waits = new ArrayList<>();
    private final CustomersViewModel viewModel = new CustomersViewModel(() -> api, tasks, dialogs, navigator, waits::add);

    @Test
    void loadShowsTheFirstPageOnlyAndOffersMore() {
        viewModel.load();
        assertThat(viewModel.loadingProperty().get()).isTrue();
        executor.runPending();

        assertThat(viewModel.rows()).hasSize(CustomersViewModel.PAGE_SIZE);
        assertThat(viewModel.rows().get(0).name()).isEqualTo("Company 0000");
        assertThat(viewModel.canLoadMoreProperty().get()).isTrue();
        assertThat(viewModel.loadingProperty().get()).isFalse();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("50 customers shown · more on the server");
        assertThat(api.calls("list")).containsExactly("list search=null sort=name cursor=null limit=50");
    }

    @Test
    void loadMoreAppendsTheNextPagesByTheServersCursorUntilTheLast() {
        viewModel.load();
        executor.runPending();

        viewModel.loadMore();
        executor.runPending();
        viewModel.loadMore();
        executor.runPending();

        assertThat(viewModel.rows()).hasSize(120);
        assertThat(viewModel.rows().get(50).name()).isEqualTo("Company 0050");
        assertThat(viewModel.rows().get(119).name()).isEqualTo("Company 0119");
        assertThat(viewModel.canLoadMoreProperty().get()).isFalse();
        assertThat(viewModel.summaryProperty().get()).isEqualTo("120 customers");
        assertThat(api.calls("list")).containsExactly(
                "list search=null sort=name cursor=null limit=50",
                "list search=null sort=name cursor=50 limit=50",
                "list search=null sort=name cursor=100 limit=50");
    }

    @Test
    void loadMoreWhileAPageIsLoadingAsksOnlyOnce() {
        viewModel.load();
        executor.runPending();

        viewModel.loadMore();
        viewModel.loadMore();
        executor.runPending();

        assertThat(api.calls("list")).hasSize(2);
        assertThat(viewModel.rows()).hasSize(100);
    }

    @Test
    void typingSearchesOnceForTheLastTextAfterThePauseAndStartsFromTheFirstPage() {
        api.add("acme-1", "Acme Rockets");
        api.add("acme-2", "Acme Anvils");
        viewModel.load();
        executor.runPending();
        viewModel.loadMore();
        executor.runPending();
        api.calls.clear();

        viewModel.searchProperty().set("a");
        viewModel.searchProperty().set("ac");
        viewModel.searchProperty().set("acm");
        executor.runPending();

        assertThat(api.calls("list")).containsExactly("list search=acm sort=name cursor=null limit=50");
        assertThat(viewModel.rows()).extracting(CustomerItemViewModel::name).containsExactly("Acme Anvils", "Acme Rockets");
        assertThat(viewModel.canLoadMoreProperty().get()).isFalse();
        assertThat(waits).containsOnly(CustomersViewModel.SEARCH_DELAY);
    }

    @Test
    void clearingTheSearchListsEveryoneAgain() {
        viewModel.searchProperty().set("Company 01");
        executor.runPending();
        assertThat(viewModel.rows()).hasSize(20);

        viewModel.searchProperty().set("  ");
        executor.runPending();

        assertThat(viewModel.rows()).hasSize(50);
        assertThat(api.calls("list")).last().isEqualTo("list search=null sort=name cursor=null limit=50");
    }

    @Test
    void aNewSortAsksTheServerForThatOrderFromTheFirstPageWithoutWaiting() {
        viewModel.load();
        executor.runPending();
        viewModel.loadMore();
        executor.runPending();

        viewModel.sortProperty().set(CustomerSort.NAME_DESC);
        executor.runPending();

        assertThat(api.calls("list")).last().isEqualTo("list search=null sort=-name cursor=null limit=50");
        assertThat(viewModel.rows()).hasSize(50);
        assertThat(viewModel.rows().get(0).name()).isEqualTo("Company 0119");
        assertThat(waits).isEmpty();
    }

    @Test
    void aPageOfTheOldOrderArrivingAfterTheSortChangedIsDropped() {
        viewModel.load();
        viewModel.sortProperty().set(CustomerSort.CREATED_DESC);

        executor.runPending(); // both answers arrive; the first one's task was cancelled

        assertThat(viewModel.rows().get(0).name()).isEqualTo("Company 0119");
        assertThat(viewModel.rows()).hasSize(50);
    }

    @Test
    void aFailedLoadShowsTheServersMessageWithItsRequestId() {
        api.failNext("The database is busy", "req-42");

        viewModel.load();
        executor.runPending();

        ErrorRequest error = dialogs.shown(ErrorRequest.class).get(0);
        assertThat(error.title()).isEqualTo("Could not load the customers");
        assertThat(error.message()).contains("The database is busy");
        assertThat(error.requestId()).isEqualTo("req-42");
        assertThat(viewModel.problemProperty().get()).contains("The database is busy");
        assertThat(viewModel.loadingProperty().get()).isFalse();
    }

    @Test
    void aPageArrivingAfterTheScreenWasLeftIsIgnored() {
        viewModel.load();

        tasks.cancelAll(); // what the screen host does when the operator leaves the screen
        executor.runPending();

        assertThat(viewModel.rows()).isEmpty();
        assertThat(viewModel.loadingProperty().get()).isFalse();
        assertThat(dialogs.shown()).isEmpty();
    }

    @Test
    void openingARowGoesToTheOrganisationsPage() {
        viewModel.load();
        executor.runPending();

        viewModel.open(viewModel.rows().get(3));

        assertThat(navigator.current()).isEqualTo(Place.of("customers", "org-0003"));
    }

    @Test
    void rowsShowUsageOfTheIncludedUnits() {
        viewModel.load();
        executor.runPending();

        CustomerItemViewModel row = viewModel.rows().get(0);
        assertThat(row.usage()).isEqualTo("250 / 50,000");
        assertThat(row.usageFraction()).isEqualTo(0.005);
        assertThat(row.periodEnd()).isEqualTo("2026-12-01");
        assertThat(row.owner()).isEqualTo("owner@org-0000.example");
    }
}
