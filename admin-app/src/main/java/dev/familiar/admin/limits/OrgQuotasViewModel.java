package dev.familiar.admin.limits;

import static dev.familiar.admin.limits.LimitForms.TOTAL;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.directory.Debouncer;
import dev.familiar.model.tokens.OrgQuota;
import dev.familiar.model.tokens.OrgQuotaPage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Organisation quotas tab: each organisation's tokens per window for a provider, used this window, the window;
 * filtered by provider as the operator types (debounced), paged by the server's cursor; the total edited (previewed,
 * confirmed, saved; a total below what is used shows as exhausting the quota). ADMIN only. UI thread only.
 */
public final class OrgQuotasViewModel {
    static final int PAGE_SIZE = 50;

    private final Supplier<LimitsApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final SettingsChanges changes;
    private final Debouncer debounce;
    private final int pageSize;
    private final ObservableList<OrgQuotaItemViewModel> quotas = FXCollections.observableArrayList();
    private final StringProperty provider = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");
    private String shownProvider;
    private String nextCursor;
    private TaskHandle listLoad;

    OrgQuotasViewModel(Supplier<LimitsApi> api, TaskScope tasks, DialogService dialogs, SettingsChanges changes,
                       Debouncer debounce, int pageSize) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.pageSize = pageSize;
        provider.addListener((obs, old, now) -> debounce.run(this::load));
    }

    /** Loads the first page for the provider filter now entered; an earlier list load is dropped. */
    public void load() {
        debounce.cancel();
        if (listLoad != null) {
            listLoad.cancel();
        }
        String filter = provider.get() == null || provider.get().isBlank() ? null : provider.get().trim();
        listMessage.set("Loading organisation quotas…");
        listLoad = tasks.run("Loading organisation quotas", progress -> api.get().orgQuotas(filter, null, pageSize),
                page -> {
                    shownProvider = filter;
                    quotas.setAll(items(page));
                    showPage(page);
                }, this::loadFailed);
    }

    /** Appends the next page (nothing when the list is complete or a load runs). */
    public void loadMore() {
        if (nextCursor == null || (listLoad != null && listLoad.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        String filter = shownProvider;
        String cursor = nextCursor;
        listMessage.set("Loading more organisation quotas…");
        listLoad = tasks.run("Loading more organisation quotas",
                progress -> api.get().orgQuotas(filter, cursor, pageSize), page -> {
                    quotas.addAll(items(page));
                    showPage(page);
                }, this::loadFailed);
    }

    private void loadFailed(Throwable failure) {
        listMessage.set("Could not load the organisation quotas");
        dialogs.show(ErrorRequest.of("Could not load the organisation quotas", failure));
    }

    private void showPage(OrgQuotaPage page) {
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        int n = quotas.size();
        listMessage.set(n == 0 ? (shownProvider == null ? "No organisation quotas yet" : "No quotas for " + shownProvider)
                : n + (n == 1 ? " quota" : " quotas") + (nextCursor == null ? "" : " shown, more to load"));
    }

    private static List<OrgQuotaItemViewModel> items(OrgQuotaPage page) {
        return page.items().stream().map(OrgQuotaItemViewModel::new).toList();
    }

    /** Edits {@code quota}'s tokens per window. */
    public void edit(OrgQuotaItemViewModel quota) {
        if (quota == null) {
            return;
        }
        OrgQuota q = quota.quota();
        String subject = "the " + q.provider() + " quota of " + quota.orgText();
        SettingsChanges.Form form = new SettingsChanges.Form("Edit organisation quota",
                quota.orgText() + ", " + q.provider() + ": " + quota.usedText() + " used of "
                        + quota.totalText() + " this window (" + quota.windowText() + ").",
                values -> List.of(FormRequest.Field.number(TOTAL, "Tokens per window", values.get(TOTAL))),
                LimitForms::orgQuotaProblems, "Preview changes");
        changes.edit(new SettingsChanges.Change<>("org:" + quota.key(), subject, form,
                values -> api.get().previewOrgQuota(q.orgId(), q.provider(), LimitForms.longOf(values, TOTAL)),
                values -> api.get().putOrgQuota(q.orgId(), q.provider(), LimitForms.longOf(values, TOTAL)),
                values -> notes(q, LimitForms.longOf(values, TOTAL)), this::replace, "Save quota"),
                Map.of(TOTAL, Long.toString(q.totalTokens())));
    }

    /** What the screen knows itself: a total at or below what is used leaves nothing for this window. */
    static List<String> notes(OrgQuota quota, long newTotal) {
        if (newTotal <= quota.usedTokens()) {
            return List.of(LimitsFormat.number(quota.usedTokens()) + " tokens are used already this window: "
                    + "the new total of " + LimitsFormat.number(newTotal) + " exhausts the quota until "
                    + "the window ends.");
        }
        return List.of();
    }

    private void replace(OrgQuota saved) {
        OrgQuotaItemViewModel item = new OrgQuotaItemViewModel(saved);
        for (int i = 0; i < quotas.size(); i++) {
            if (quotas.get(i).key().equals(item.key())) {
                quotas.set(i, item);
                return;
            }
        }
    }

    public ObservableList<OrgQuotaItemViewModel> quotas() {
        return quotas;
    }

    /** The provider filter (empty: every provider). */
    public StringProperty providerProperty() {
        return provider;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }
}
