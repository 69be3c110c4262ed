package dev.familiar.admin.customers;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The customers list: a page at a time from the server (never all organisations), more pages by cursor, a search
 * that waits for the operator to stop typing, and the server's sort orders. A new search or sort cancels the load
 * in flight (its late answer is dropped by the task scope) and starts again from the first page. UI thread only.
 */
public final class CustomersViewModel {
    static final int PAGE_SIZE = 50;
    static final Duration SEARCH_DELAY = Duration.ofMillis(300);

    private final Supplier<CustomersApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Navigator navigator;
    private final SearchDelay delay;

    private final ObservableList<CustomerItemViewModel> rows = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty("");
    private final ObjectProperty<CustomerSort> sort = new SimpleObjectProperty<>(CustomerSort.NAME);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canLoadMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private String nextCursor;
    private TaskHandle inFlight;

    public CustomersViewModel(Supplier<CustomersApi> api, TaskScope tasks, DialogService dialogs, Navigator navigator,
                              SearchDelay delay) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.navigator = Objects.requireNonNull(navigator, "navigator");
        this.delay = Objects.requireNonNull(delay, "delay");
        search.addListener((obs, old, text) -> reload(true));
        sort.addListener((obs, old, order) -> reload(false));
    }

    /** Loads the first page again (the screen is shown, or the connection changed). */
    public void load() {
        reload(false);
    }

    /** Appends the next page, if there is one and nothing is loading. */
    public void loadMore() {
        if (nextCursor == null || isRunning(inFlight)) {
            return;
        }
        String query = query();
        CustomerSort order = sort.get();
        String cursor = nextCursor;
        start("Loading more customers", progress -> api.get().list(query, order, cursor, PAGE_SIZE), false);
    }

    /** Opens the organisation's detail page. */
    public void open(CustomerItemViewModel row) {
        if (row != null) {
            navigator.go(Place.of(CustomersScreen.ID, row.orgId()));
        }
    }

    private void reload(boolean typed) {
        String query = query();
        CustomerSort order = sort.get();
        start(query == null ? "Loading customers" : "Searching customers for " + query, progress -> {
            if (typed) {
                delay.await(SEARCH_DELAY);
                progress.checkCancelled(); // a newer keystroke took over while we waited
            }
            return api.get().list(query, order, null, PAGE_SIZE);
        }, true);
    }

    private void start(String title, dev.familiar.admin.concurrent.Work<CustomersApi.Page> work, boolean replace) {
        if (inFlight != null) {
            inFlight.cancel();
        }
        TaskHandle handle = tasks.run(title, work, page -> {
            problem.set("");
            if (replace) {
                rows.setAll(page.rows().stream().map(CustomerItemViewModel::of).toList());
            } else {
                rows.addAll(page.rows().stream().map(CustomerItemViewModel::of).toList());
            }
            nextCursor = page.nextCursor();
            canLoadMore.set(nextCursor != null);
            summary.set(rows.size() + (nextCursor == null ? " customers" : " customers shown · more on the server"));
        }, failure -> {
            problem.set(ErrorReport.of(failure).message());
            dialogs.show(ErrorRequest.of("Could not load the customers", failure));
        });
        inFlight = handle;
        loading.set(isRunning(handle));
        // ended, failed or cancelled (a newer load, the screen left): loading follows the newest load only
        handle.stateProperty().addListener((obs, old, state) -> loading.set(isRunning(inFlight)));
    }

    private static boolean isRunning(TaskHandle handle) {
        return handle != null && handle.state() == TaskHandle.State.RUNNING;
    }

    private String query() {
        String text = search.get() == null ? "" : search.get().trim();
        return text.isEmpty() ? null : text;
    }

    public ObservableList<CustomerItemViewModel> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The search text; changing it searches again after {@link #SEARCH_DELAY} without a newer change. */
    public StringProperty searchProperty() {
        return search;
    }

    /** The server's order; changing it loads the first page again. */
    public ObjectProperty<CustomerSort> sortProperty() {
        return sort;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canLoadMoreProperty() {
        return canLoadMore.getReadOnlyProperty();
    }

    /** "50 customers shown · more on the server". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The last load's failure, empty after a success. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
