package dev.familiar.admin.limits;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.directory.Debouncer;
import dev.familiar.admin.navigation.Place;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Quotas and limits screen without its nodes: three parts — {@link TiersViewModel},
 * {@link TenantLimitsViewModel} and {@link OrgQuotasViewModel} — sharing one way of changing a setting (form, the
 * server's preview confirmed, then applied: {@link SettingsChanges}), one message line and how soon a change reaches
 * every server ({@code refreshSeconds}, from the server). An administrator sees the three; a tenant admin (without
 * ADMIN) only their own tenant's rate limit. Places: {@code limits}, {@code limits/tiers}, {@code limits/tenants},
 * {@code limits/quotas} (the tab shown). UI thread only.
 */
public final class LimitsViewModel {
    public static final String TIERS = "tiers";
    public static final String TENANTS = "tenants";
    public static final String QUOTAS = "quotas";

    private final Supplier<List<String>> roles;
    private final ReadOnlyBooleanWrapper admin = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyIntegerWrapper refreshSeconds = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper refreshText = new ReadOnlyStringWrapper(LimitsFormat.refresh(0));
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final StringProperty tab = new SimpleStringProperty(TIERS);
    private final TaskScope tasks;
    private final TiersViewModel tiers;
    private final TenantLimitsViewModel tenantLimits;
    private final OrgQuotasViewModel orgQuotas;

    /**
     * @param roles the session's roles, read on each load (empty: unknown, as with an API key: everything is offered
     *              and the server decides)
     */
    public LimitsViewModel(Supplier<LimitsApi> api, TaskScope tasks, DialogService dialogs,
                           Supplier<List<String>> roles, Supplier<Debouncer> debouncers) {
        this(api, tasks, dialogs, roles, debouncers, OrgQuotasViewModel.PAGE_SIZE);
    }

    LimitsViewModel(Supplier<LimitsApi> api, TaskScope tasks, DialogService dialogs, Supplier<List<String>> roles,
                    Supplier<Debouncer> debouncers, int pageSize) {
        Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.roles = Objects.requireNonNull(roles, "roles");
        SettingsChanges changes = new SettingsChanges(tasks, dialogs, message::set, refreshSeconds::get);
        this.tiers = new TiersViewModel(api, tasks, dialogs, changes, this::refreshSeconds);
        this.tenantLimits = new TenantLimitsViewModel(api, tasks, dialogs, changes, () -> !admin.get(),
                this::refreshSeconds);
        this.orgQuotas = new OrgQuotasViewModel(api, tasks, dialogs, changes, debouncers.get(), pageSize);
    }

    /** Shows the screen with fresh data: the parts the session may see, the tab the place names. */
    public void load(Place place) {
        List<String> held = roles.get();
        boolean isAdmin = held == null || held.isEmpty() || held.contains("ADMIN") || !held.contains("TENANT_ADMIN");
        admin.set(isAdmin);
        message.set("");
        String wanted = place == null ? null : place.arg(0);
        if (!isAdmin) {
            tab.set(TENANTS);
        } else if (TIERS.equals(wanted) || TENANTS.equals(wanted) || QUOTAS.equals(wanted)) {
            tab.set(wanted);
        }
        if (isAdmin) {
            tiers.load();
        }
        tenantLimits.load();
        if (isAdmin) {
            orgQuotas.load();
        }
    }

    private void refreshSeconds(int seconds) {
        if (seconds > 0) {
            refreshSeconds.set(seconds);
            refreshText.set(LimitsFormat.refresh(seconds));
        }
    }

    public TiersViewModel tiers() {
        return tiers;
    }

    public TenantLimitsViewModel tenantLimits() {
        return tenantLimits;
    }

    public OrgQuotasViewModel orgQuotas() {
        return orgQuotas;
    }

    /** False for a tenant admin without ADMIN: only the Tenant rate limits tab is offered. */
    public ReadOnlyBooleanProperty adminProperty() {
        return admin.getReadOnlyProperty();
    }

    /** How soon a change reaches every server, in seconds (0: not known yet). */
    public ReadOnlyIntegerProperty refreshSecondsProperty() {
        return refreshSeconds.getReadOnlyProperty();
    }

    /** "Changes reach every server within 30 seconds." */
    public ReadOnlyStringProperty refreshTextProperty() {
        return refreshText.getReadOnlyProperty();
    }

    /** What the last change did ("Saved the tenant limit of Acme. Changes reach every server within 30 seconds."). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The tab shown: {@link #TIERS}, {@link #TENANTS} or {@link #QUOTAS}. */
    public StringProperty tabProperty() {
        return tab;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }
}
