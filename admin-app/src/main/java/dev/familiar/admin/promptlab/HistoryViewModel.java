package dev.familiar.admin.promptlab;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.prompt.IterationList;
import dev.familiar.model.prompt.IterationView;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The iteration history of one function, newest first, paged from the server by cursor (Load more). The iterations
 * the operator selects are what Compare works on. UI thread only.
 */
public final class HistoryViewModel {
    static final int PAGE_SIZE = 50;

    private final Supplier<PromptLabApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final int pageSize;
    private final ObservableList<IterationItemViewModel> items = FXCollections.observableArrayList();
    private final ObservableList<IterationItemViewModel> selected = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private String function;
    private String nextCursor;
    private TaskHandle load;

    public HistoryViewModel(Supplier<PromptLabApi> api, TaskScope tasks, DialogService dialogs, int pageSize) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.pageSize = pageSize;
    }

    /** Shows the first page of {@code function}'s iterations (null: none); an earlier load is dropped. */
    public void load(String function) {
        if (load != null) {
            load.cancel();
        }
        this.function = function;
        items.clear();
        selected.clear();
        nextCursor = null;
        hasMore.set(false);
        if (function == null) {
            message.set("");
            return;
        }
        message.set("Loading iterations…");
        load = tasks.run("Loading the iterations of " + function, progress -> api.get().iterations(function, null,
                pageSize), page -> show(page, false), this::failed);
    }

    /** Appends the next page (nothing on the last page or while a load runs). */
    public void loadMore() {
        if (function == null || nextCursor == null || (load != null && load.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        String fn = function;
        String cursor = nextCursor;
        message.set("Loading more iterations…");
        load = tasks.run("Loading more iterations of " + fn, progress -> api.get().iterations(fn, cursor, pageSize),
                page -> show(page, true), this::failed);
    }

    /** An iteration just stored by this console goes on top without asking the server again. */
    public void prepend(IterationView iteration) {
        if (iteration.function().equals(function) && items.stream().noneMatch(i -> i.id().equals(iteration.id()))) {
            items.add(0, new IterationItemViewModel(iteration));
            count();
        }
    }

    /** Loads the first page again (after a batch). */
    public void reload() {
        load(function);
    }

    private void show(IterationList page, boolean append) {
        List<IterationItemViewModel> rows = page.items().stream().map(IterationItemViewModel::new).toList();
        if (append) {
            items.addAll(rows);
        } else {
            items.setAll(rows);
        }
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        count();
    }

    private void count() {
        int n = items.size();
        message.set(n == 0 ? "No iterations yet" : n + (n == 1 ? " iteration" : " iterations")
                + (nextCursor == null ? "" : " shown, more to load"));
    }

    private void failed(Throwable failure) {
        message.set("Could not load the iterations");
        dialogs.show(ErrorRequest.of("Could not load the iterations of " + function, failure));
    }

    public ObservableList<IterationItemViewModel> items() {
        return items;
    }

    /** The iterations selected in the table (the view keeps it in step); Compare takes two of them. */
    public ObservableList<IterationItemViewModel> selected() {
        return selected;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
