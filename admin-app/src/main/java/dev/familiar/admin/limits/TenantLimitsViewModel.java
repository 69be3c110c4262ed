package dev.familiar.admin.limits;

import static dev.familiar.admin.limits.LimitForms.CAPACITY;
import static dev.familiar.admin.limits.LimitForms.TENANT;
import static dev.familiar.admin.limits.LimitForms.WINDOW;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitBounds;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TenantLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tenant rate limits tab: each tenant's own leaky bucket (capacity, window, leak per second, custom or the
 * platform defaults, who changed it when) and the platform's bounds. An administrator edits any tenant, gives one its
 * first limit, or puts one back on the defaults; a tenant admin sees and edits only their own tenant, and their form
 * keeps within the bounds (capacity, leak per second, window) as they type. UI thread only.
 */
public final class TenantLimitsViewModel {
    private final Supplier<LimitsApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final SettingsChanges changes;
    private final BooleanSupplier tenantAdmin;
    private final IntConsumer refreshSeconds;
    private final ObservableList<TenantLimitItemViewModel> limits = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TenantLimitBounds> bounds = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper boundsText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");

    TenantLimitsViewModel(Supplier<LimitsApi> api, TaskScope tasks, DialogService dialogs, SettingsChanges changes,
                          BooleanSupplier tenantAdmin, IntConsumer refreshSeconds) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.tenantAdmin = Objects.requireNonNull(tenantAdmin, "tenantAdmin");
        this.refreshSeconds = Objects.requireNonNull(refreshSeconds, "refreshSeconds");
    }

    /** Loads the limits and bounds. */
    public void load() {
        listMessage.set("Loading tenant limits…");
        tasks.run("Loading tenant limits", progress -> api.get().tenantLimits(), this::show, failure -> {
            listMessage.set("Could not load the tenant limits");
            dialogs.show(ErrorRequest.of("Could not load the tenant limits", failure));
        });
    }

    private void show(TenantLimits answer) {
        bounds.set(answer.bounds());
        boundsText.set(LimitsFormat.bounds(answer.bounds()));
        limits.setAll(answer.items().stream().map(TenantLimitItemViewModel::new).toList());
        refreshSeconds.accept(answer.refreshSeconds());
        countShown();
    }

    private void countShown() {
        int n = limits.size();
        long custom = limits.stream().filter(l -> l.limit().custom()).count();
        if (tenantAdmin.getAsBoolean()) {
            listMessage.set(n == 0 ? "Your tenant's limit is not visible" : custom > 0
                    ? "Your tenant has its own limit" : "Your tenant is on the platform defaults");
        } else {
            listMessage.set(n == 0 ? "Every tenant is on the platform defaults"
                    : n + (n == 1 ? " tenant has" : " tenants have") + " a limit of their own");
        }
    }

    /** Edits {@code limit}'s capacity and window. */
    public void edit(TenantLimitItemViewModel limit) {
        if (limit == null) {
            return;
        }
        String id = limit.tenantId();
        Map<String, String> current = new LinkedHashMap<>();
        current.put(CAPACITY, Long.toString(limit.limit().capacity()));
        current.put(WINDOW, Long.toString(limit.limit().windowSeconds()));
        changes.edit(change("tenant:" + id, "the tenant limit of " + limit.tenantText(),
                "Tenant " + limit.tenantText() + " (" + limit.kindText() + ")", false, values -> id), current);
    }

    /** Gives a tenant its first limit of its own (an administrator: the tenant id is asked for). */
    public void add() {
        TenantLimitBounds b = bounds.get();
        Map<String, String> initial = new LinkedHashMap<>();
        initial.put(TENANT, "");
        initial.put(CAPACITY, b == null ? "" : Long.toString(b.defaultCapacity()));
        initial.put(WINDOW, b == null ? "" : Long.toString(b.defaultWindowSeconds()));
        changes.edit(change("tenant:new", "a tenant's limit", "A tenant's own bucket, in place of the defaults",
                true, values -> LimitForms.value(values, TENANT)), initial);
    }

    private SettingsChanges.Change<TenantLimit> change(String key, String subject, String header, boolean askTenant,
                                                      java.util.function.Function<Map<String, String>, String> tenant) {
        boolean confined = tenantAdmin.getAsBoolean();
        TenantLimitBounds b = bounds.get();
        String boundsLine = LimitsFormat.bounds(b) + (confined || b == null ? ""
                : " (an administrator is bound by the window's range only)");
        SettingsChanges.Form form = new SettingsChanges.Form(askTenant ? "New tenant limit" : "Edit tenant limit",
                header + ". The bucket holds capacity tokens and drains over the window.\n" + boundsLine,
                values -> {
                    List<FormRequest.Field> fields = new ArrayList<>();
                    if (askTenant) {
                        fields.add(FormRequest.Field.text(TENANT, "Tenant id", values.get(TENANT), "e.g. acme"));
                    }
                    fields.add(FormRequest.Field.number(CAPACITY, "Capacity (tokens)", values.get(CAPACITY)));
                    fields.add(FormRequest.Field.number(WINDOW, "Window (seconds)", values.get(WINDOW)));
                    return fields;
                }, values -> LimitForms.tenantLimitProblems(values, bounds.get(), confined, askTenant),
                "Preview changes");
        return new SettingsChanges.Change<>(key, subject, form,
                values -> api.get().previewTenantLimit(tenant.apply(values), request(values)),
                values -> api.get().putTenantLimit(tenant.apply(values), request(values)), null,
                this::replace, "Apply limit");
    }

    /** Puts {@code limit}'s tenant back on the platform defaults, after the preview of what that changes. */
    public void remove(TenantLimitItemViewModel limit) {
        if (limit == null || !limit.limit().custom()) {
            return;
        }
        TenantLimitBounds b = bounds.get();
        String id = limit.tenantId();
        // The preview of the defaults is what removing the tenant's own limit changes.
        TenantLimitRequest defaults = b == null ? null
                : new TenantLimitRequest(b.defaultCapacity(), b.defaultWindowSeconds());
        changes.submit(new SettingsChanges.Change<TenantLimit>("tenant-remove:" + id,
                "the tenant limit of " + limit.tenantText() + " back to the defaults", null,
                values -> defaults == null ? new dev.familiar.model.tokens.SettingsImpact(0, 1, 0, List.of())
                        : api.get().previewTenantLimit(id, defaults),
                values -> api.get().removeTenantLimit(id), null, removed -> {
                    if (tenantAdmin.getAsBoolean()) {
                        replace(removed);
                    } else {
                        limits.removeIf(l -> l.tenantId().equals(id));
                        countShown();
                    }
                }, "Back to defaults"), Map.of());
    }

    private void replace(TenantLimit saved) {
        TenantLimitItemViewModel item = new TenantLimitItemViewModel(saved);
        for (int i = 0; i < limits.size(); i++) {
            if (limits.get(i).tenantId().equals(saved.tenantId())) {
                limits.set(i, item);
                countShown();
                return;
            }
        }
        limits.add(item);
        countShown();
    }

    static TenantLimitRequest request(Map<String, String> values) {
        return new TenantLimitRequest(LimitForms.longOf(values, CAPACITY), LimitForms.longOf(values, WINDOW));
    }

    /** True when the session is a tenant admin (not ADMIN): no "New tenant limit", bounds enforced in the form. */
    public boolean confined() {
        return tenantAdmin.getAsBoolean();
    }

    public ObservableList<TenantLimitItemViewModel> limits() {
        return limits;
    }

    public ReadOnlyObjectProperty<TenantLimitBounds> boundsProperty() {
        return bounds.getReadOnlyProperty();
    }

    /** "Platform bounds for a tenant admin: capacity ≤ … · leak ≤ …/s · window …–… s · defaults … per … s". */
    public ReadOnlyStringProperty boundsTextProperty() {
        return boundsText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }
}
