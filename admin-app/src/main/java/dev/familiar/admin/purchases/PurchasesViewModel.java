package dev.familiar.admin.purchases;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchaseFilter;
import dev.familiar.model.purchases.PurchasePage;
import dev.familiar.model.purchases.PurchaseSummary;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Purchases screen without its nodes: token purchase sagas filtered by state (or {@code PROBLEM}: failed or
 * compensated), organisation and created day range, newest first, paged by the server's cursor; and the selected
 * saga's steps. Every call runs in the screen's {@link TaskScope}; a list or detail load started while an earlier one
 * runs cancels it, so the late answer is dropped. UI thread only.
 */
public final class PurchasesViewModel {
    static final int PAGE_SIZE = 50;
    /** The filter's "Problems": FAILED or compensated sagas (the server's {@code status=PROBLEM}). */
    public static final String PROBLEMS = "PROBLEM";
    /** The status filter's choices after "All": problems first, then each saga state in order. */
    public static final List<String> STATUSES = List.of(PROBLEMS, "STARTED", "PAYMENT_RESERVED", "TOKENS_ALLOCATED",
            "COMPLETED", "FAILED");

    private final Supplier<PurchasesApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final int pageSize;
    private final ZoneId zone;

    private final ObjectProperty<String> statusFilter = new SimpleObjectProperty<>();
    private final StringProperty orgFilter = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper filterProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<PurchaseItemViewModel> purchases = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");

    private final ReadOnlyObjectWrapper<PurchaseItemViewModel> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<PurchaseStepItemViewModel> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper("No purchase selected");
    private final ReadOnlyStringWrapper detailMessage = new ReadOnlyStringWrapper("");

    private PurchaseFilter shownFilter;
    private String nextCursor;
    private TaskHandle listLoad;
    private TaskHandle detailLoad;

    public PurchasesViewModel(Supplier<PurchasesApi> api, TaskScope tasks, DialogService dialogs) {
        this(api, tasks, dialogs, PAGE_SIZE, ZoneId.systemDefault());
    }

    PurchasesViewModel(Supplier<PurchasesApi> api, TaskScope tasks, DialogService dialogs, int pageSize,
                       ZoneId zone) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.pageSize = pageSize;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    // ---- the list ----

    /** Shows the screen: the first page under the filter entered, fresh. */
    public void load(Place place) {
        search();
    }

    /**
     * Lists the first page under the filter now entered; an earlier list load is dropped. A From day after the To day
     * is named in {@link #filterProblemProperty()} and nothing is asked.
     */
    public void search() {
        if (fromDate.get() != null && toDate.get() != null && fromDate.get().isAfter(toDate.get())) {
            filterProblem.set("From must be on or before To");
            return;
        }
        filterProblem.set("");
        PurchaseFilter filter = filter();
        if (listLoad != null) {
            listLoad.cancel();
        }
        listMessage.set("Loading purchases…");
        listLoad = tasks.run("Loading purchases", progress -> api.get().list(filter, null, pageSize), page -> {
            shownFilter = filter;
            String keep = selected.get() == null ? null : selected.get().sagaId();
            purchases.setAll(items(page));
            showPage(page);
            select(purchases.stream().filter(p -> p.sagaId().equals(keep)).findFirst().orElse(null));
        }, failure -> {
            listMessage.set("Could not load the purchases");
            if (refusedFilter(failure)) {
                filterProblem.set("The server refused the filter: " + ErrorReport.of(failure).message());
            } else {
                dialogs.show(ErrorRequest.of("Could not load the purchases", failure));
            }
        });
    }

    /** Appends the next page of the list shown (nothing when it is complete or a load runs). */
    public void loadMore() {
        if (nextCursor == null || shownFilter == null
                || (listLoad != null && listLoad.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        PurchaseFilter filter = shownFilter;
        String cursor = nextCursor;
        listMessage.set("Loading more purchases…");
        listLoad = tasks.run("Loading more purchases", progress -> api.get().list(filter, cursor, pageSize), page -> {
            purchases.addAll(items(page));
            showPage(page);
        }, failure -> {
            listMessage.set("Could not load more purchases");
            dialogs.show(ErrorRequest.of("Could not load more purchases", failure));
        });
    }

    /** Empties the filter and lists again. */
    public void clearFilter() {
        statusFilter.set(null);
        orgFilter.set("");
        fromDate.set(null);
        toDate.set(null);
        search();
    }

    /** The filter as the server takes it: the To day is included (the query's {@code to} is the next midnight). */
    PurchaseFilter filter() {
        String org = orgFilter.get() == null || orgFilter.get().isBlank() ? null : orgFilter.get().strip();
        LocalDate from = fromDate.get();
        LocalDate to = toDate.get();
        return new PurchaseFilter(statusFilter.get(), org,
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    private void showPage(PurchasePage page) {
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        int count = purchases.size();
        long failed = purchases.stream().filter(PurchaseItemViewModel::failed).count();
        long compensated = purchases.stream().filter(PurchaseItemViewModel::compensated).count();
        StringBuilder text = new StringBuilder();
        if (count == 0) {
            text.append("No purchases match");
        } else {
            text.append(count).append(count == 1 ? " purchase" : " purchases")
                    .append(nextCursor == null ? "" : " shown, more to load");
            if (failed > 0) {
                text.append(" \u00b7 ").append(failed).append(" failed");
            }
            if (compensated > 0) {
                text.append(" \u00b7 ").append(compensated).append(" compensated");
            }
        }
        listMessage.set(text.toString());
    }

    private List<PurchaseItemViewModel> items(PurchasePage page) {
        return page.items().stream().map(p -> new PurchaseItemViewModel(p, zone)).toList();
    }

    // ---- the selected saga ----

    /** Makes {@code purchase} the selected one (null: none) and loads its steps. */
    public void select(PurchaseItemViewModel purchase) {
        selected.set(purchase);
        if (detailLoad != null) {
            detailLoad.cancel();
        }
        steps.clear();
        if (purchase == null) {
            detailTitle.set("No purchase selected");
            detailMessage.set("");
            return;
        }
        String sagaId = purchase.sagaId();
        detailTitle.set("Purchase " + sagaId);
        detailMessage.set("Loading the steps…");
        detailLoad = tasks.run("Loading the purchase " + sagaId, progress -> api.get().get(sagaId), this::showDetail,
                failure -> {
                    detailMessage.set("Could not load the steps: " + ErrorReport.of(failure).message());
                    dialogs.show(ErrorRequest.of("Could not load the purchase " + sagaId, failure));
                });
    }

    private void showDetail(PurchaseDetail detail) {
        PurchaseSummary p = detail.purchase();
        PurchaseItemViewModel item = new PurchaseItemViewModel(p, zone);
        detailTitle.set(item.tokensText() + " " + item.provider() + " tokens for " + item.amountText() + " \u00b7 "
                + item.statusText() + (p.compensated() ? " (compensated)" : ""));
        steps.setAll(detail.steps().stream().map(s -> new PurchaseStepItemViewModel(s, zone)).toList());
        long wrong = steps.stream().filter(s -> s.failed() || s.unknown()).count();
        StringBuilder text = new StringBuilder("Saga ").append(p.sagaId()).append(" \u00b7 user ")
                .append(item.userId()).append(" \u00b7 ").append(steps.size())
                .append(steps.size() == 1 ? " step" : " steps");
        if (wrong > 0) {
            text.append(" \u00b7 ").append(wrong).append(" went wrong");
        }
        if (p.paymentId() != null) {
            text.append(" \u00b7 payment ").append(p.paymentId());
        }
        if (p.error() != null && !p.error().isBlank()) {
            text.append(" \u00b7 error: ").append(p.error());
        }
        detailMessage.set(text.toString());
    }

    /** A 400 on the filter (VALIDATION_FAILED) is the operator's to fix: shown by the filter, not in a dialog. */
    static boolean refusedFilter(Throwable failure) {
        return failure instanceof dev.familiar.model.api.ApiError error
                && error.code() == dev.familiar.model.api.ErrorCode.VALIDATION_FAILED;
    }

    // ---- properties ----

    /** The status filter: one of {@link #STATUSES} ({@link #PROBLEMS} included), null for all. */
    public ObjectProperty<String> statusFilterProperty() {
        return statusFilter;
    }

    /** The organisation filter: one organisation id; blank for all. */
    public StringProperty orgFilterProperty() {
        return orgFilter;
    }

    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    /** The last day created, included. */
    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    public ReadOnlyStringProperty filterProblemProperty() {
        return filterProblem.getReadOnlyProperty();
    }

    public ObservableList<PurchaseItemViewModel> purchases() {
        return FXCollections.unmodifiableObservableList(purchases);
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** "20 purchases shown, more to load · 2 failed · 1 compensated", "No purchases match"… */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PurchaseItemViewModel> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected saga's steps, oldest first. */
    public ObservableList<PurchaseStepItemViewModel> steps() {
        return FXCollections.unmodifiableObservableList(steps);
    }

    /** "250,000 openai tokens for 12.50 USD · failed (compensated)". */
    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailMessageProperty() {
        return detailMessage.getReadOnlyProperty();
    }
}
