package dev.familiar.admin.directory;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.model.directory.DirectoryUser;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Add members" dialog without its nodes: searches the directory's people as the operator types (debounced;
 * {@code GET /api/admin/directory/users?search=}), and keeps the people chosen among the results (several at once).
 * The dialog answers {@link #chosenUsers()}. UI thread only.
 */
public final class MemberPickerViewModel {
    static final String PROMPT = "Type the start of a name or an e-mail address";

    private final Supplier<DirectoryApi> api;
    private final TaskScope tasks;
    private final Debouncer debounce;
    private final String groupName;
    private final StringProperty search = new SimpleStringProperty("");
    private final ObservableList<MemberItemViewModel> results = FXCollections.observableArrayList();
    private final ObservableList<MemberItemViewModel> chosen = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(PROMPT);
    private TaskHandle searching;

    MemberPickerViewModel(Supplier<DirectoryApi> api, TaskScope tasks, Debouncer debounce, String groupName) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.groupName = groupName;
        search.addListener((obs, old, now) -> debounce.run(this::search));
    }

    public String title() {
        return "Add members to " + groupName;
    }

    /** Searches now (Enter, or the debounce elapsed); an earlier search's answer is dropped. */
    public void search() {
        debounce.cancel();
        if (searching != null) {
            searching.cancel();
        }
        String text = search.get() == null ? "" : search.get().trim();
        if (text.isEmpty()) {
            results.clear();
            message.set(PROMPT);
            return;
        }
        message.set("Searching the directory…");
        searching = tasks.run("Searching the directory", progress -> api.get().users(text), found -> {
            List<MemberItemViewModel> items = found.items() == null ? List.of()
                    : found.items().stream().map(MemberItemViewModel::new).toList();
            results.setAll(items);
            message.set(items.isEmpty() ? "No one in the directory matches \u201c" + text + "\u201d"
                    : items.size() + (items.size() == 1 ? " person found" : " people found")
                            + (found.nextCursor() == null ? "" : " (the first matches: type more to narrow)"));
        }, failure -> {
            String banner = DirectoryBanner.bannerText("Could not search the directory", failure);
            message.set(banner != null ? banner : "Could not search the directory: " + ErrorReport.of(failure).message());
        });
    }

    /** The people chosen, in the order of the results. */
    public List<DirectoryUser> chosenUsers() {
        return chosen.stream().map(MemberItemViewModel::user).toList();
    }

    /** The dialog closed: no search is pending any more. */
    void close() {
        debounce.cancel();
        if (searching != null) {
            searching.cancel();
        }
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObservableList<MemberItemViewModel> results() {
        return results;
    }

    /** The results chosen (the view keeps it in step with the table's selection). */
    public ObservableList<MemberItemViewModel> chosen() {
        return chosen;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
