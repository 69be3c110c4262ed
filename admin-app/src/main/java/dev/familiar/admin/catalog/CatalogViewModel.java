package dev.familiar.admin.catalog;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.session.SessionState;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The catalog screen's logic: the plans (filtered by the search text, archived ones on request), the selected plan,
 * and the operator's actions: create and edit through a {@link PlanForm} with inline validation, archive after a
 * confirmation, unarchive. Every server call runs in the screen's {@link TaskScope} (so a result arriving after the
 * screen was left is dropped by the framework); a refusal is shown with the server's message and request id.
 *
 * <p>UI thread only. The place {@code catalog/{code}} selects that plan once loaded.
 */
public final class CatalogViewModel {
    private final Supplier<CatalogApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final ObservableList<PlanItemViewModel> all = FXCollections.observableArrayList();
    private final FilteredList<PlanItemViewModel> visible = new FilteredList<>(all);
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty showArchived = new SimpleBooleanProperty(true);
    private final ObjectProperty<PlanItemViewModel> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public CatalogViewModel(Supplier<CatalogApi> api, TaskScope tasks, DialogService dialogs) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        search.addListener((obs, old, now) -> refilter());
        showArchived.addListener((obs, old, now) -> refilter());
    }

    /** Loads the plans; a place {@code catalog/{code}} selects that plan, otherwise the selection is kept. */
    public void load(Place place) {
        String wanted = place == null ? null : place.arg(0);
        String keep = wanted != null ? wanted : selectedCode();
        status.set("Loading the catalog…");
        tasks.run("Loading the catalog", progress -> api.get().plans(), plans -> {
            all.setAll(plans);
            select(keep);
            status.set(summary());
        }, failure -> {
            if (failure instanceof SessionState.NotConnectedException) {
                status.set("Not connected to a server");
                return; // the screen is shown again once a connection is made
            }
            status.set("Could not load the catalog");
            dialogs.show(ErrorRequest.of("Could not load the catalog", failure));
        });
    }

    /** Loads the plans again, keeping the selection. */
    public void refresh() {
        load(null);
    }

    /** Asks for a new plan and creates it. */
    public void create() {
        Set<String> taken = all.stream().map(PlanItemViewModel::code).collect(Collectors.toSet());
        int nextTier = all.stream().mapToInt(PlanItemViewModel::tier).max().orElse(0) + 1;
        Optional<Map<String, String>> values = dialogs.show(PlanForm.create(taken, Math.min(nextTier, PlanForm.MAX_TIER)));
        values.ifPresent(v -> save(PlanForm.draft(v, null), "Created"));
    }

    /** Asks for the selected plan's new values and saves them. */
    public void editSelected() {
        PlanItemViewModel plan = selected.get();
        if (plan == null) {
            return;
        }
        Optional<Map<String, String>> values = dialogs.show(PlanForm.edit(plan));
        values.ifPresent(v -> save(PlanForm.draft(v, plan.code()), "Saved"));
    }

    /** Archives the selected plan after the operator confirmed; unarchives an archived one. */
    public void toggleArchiveSelected() {
        PlanItemViewModel plan = selected.get();
        if (plan == null) {
            return;
        }
        if (plan.archived()) {
            run("Unarchiving plan " + plan.code(), () -> api.get().unarchive(plan.code()),
                    "Could not unarchive the plan " + plan.code(), "Unarchived");
            return;
        }
        boolean confirmed = dialogs.show(new ConfirmRequest("Archive plan",
                "Archive the plan " + plan.name() + " (" + plan.code() + ")?",
                List.of("New customers can no longer choose it: sign-ups and plan changes to it are refused.",
                        "Organisations already on it keep it and are billed as before.",
                        "You can unarchive it at any time."),
                "Archive plan", false)).orElse(false);
        if (confirmed) {
            run("Archiving plan " + plan.code(), () -> api.get().archive(plan.code()),
                    "Could not archive the plan " + plan.code(), "Archived");
        }
    }

    private void save(PlanDraft draft, String verb) {
        run("Saving plan " + draft.code(), () -> api.get().save(draft), "Could not save the plan " + draft.code(),
                verb);
    }

    private void run(String title, Supplier<PlanItemViewModel> call, String failureTitle, String verb) {
        status.set(title + "…");
        tasks.run(title, progress -> call.get(), plan -> {
            upsert(plan);
            status.set(verb + " plan " + plan.code() + ". " + summary());
        }, failure -> {
            status.set(failureTitle);
            dialogs.show(ErrorRequest.of(failureTitle, failure));
        });
    }

    private void upsert(PlanItemViewModel plan) {
        int index = indexOf(plan.code());
        if (index >= 0) {
            all.set(index, plan);
        } else {
            all.add(plan);
            all.sort(java.util.Comparator.comparingInt(PlanItemViewModel::tier).thenComparing(PlanItemViewModel::code));
        }
        if (plan.archived() && !showArchived.get()) {
            showArchived.set(true); // the operator just acted on it: keep it in sight
        }
        select(plan.code());
    }

    private int indexOf(String code) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).code().equals(code)) {
                return i;
            }
        }
        return -1;
    }

    private void select(String code) {
        selected.set(code == null ? null
                : visible.stream().filter(p -> p.code().equals(code)).findFirst().orElse(null));
    }

    private String selectedCode() {
        PlanItemViewModel plan = selected.get();
        return plan == null ? null : plan.code();
    }

    private void refilter() {
        String code = selectedCode();
        String needle = search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT);
        boolean archived = showArchived.get();
        visible.setPredicate(plan -> (archived || !plan.archived())
                && (needle.isEmpty() || plan.code().contains(needle)
                || plan.name().toLowerCase(Locale.ROOT).contains(needle)));
        select(code);
    }

    private String summary() {
        long archived = all.stream().filter(PlanItemViewModel::archived).count();
        return all.size() + (all.size() == 1 ? " plan" : " plans") + (archived == 0 ? "" : ", " + archived + " archived");
    }

    /** The plans to show: filtered by {@link #searchProperty()} and {@link #showArchivedProperty()}. */
    public ObservableList<PlanItemViewModel> plans() {
        return visible;
    }

    /** Every plan loaded, whatever the filter. */
    public List<PlanItemViewModel> allPlans() {
        return List.copyOf(all);
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty showArchivedProperty() {
        return showArchived;
    }

    /** The plan the actions apply to; the view keeps it in step with the table's selection. */
    public ObjectProperty<PlanItemViewModel> selectedProperty() {
        return selected;
    }

    /** One line for the operator: what is loaded, or what is being done, or what failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a call to the server runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }
}
