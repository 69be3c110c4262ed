package dev.familiar.admin.limits;

import static dev.familiar.admin.limits.LimitForms.CAPACITY_MULTIPLIER;
import static dev.familiar.admin.limits.LimitForms.LEAK_MULTIPLIER;
import static dev.familiar.admin.limits.LimitForms.NAME;
import static dev.familiar.admin.limits.LimitForms.PRIORITY;
import static dev.familiar.admin.limits.LimitForms.QUOTA;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.model.tokens.TierSetRequest;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierSettings;
import dev.familiar.model.tokens.TierUpdateRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Tiers tab: every tier (name, priority, quota per window, capacity and leak multipliers, users on it) with the
 * default tier marked; edit a tier or add one (form checked as typed, the server's preview confirmed, then saved);
 * make another tier the default (the whole set, previewed and confirmed). ADMIN only. UI thread only.
 */
public final class TiersViewModel {
    private final Supplier<LimitsApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final SettingsChanges changes;
    private final IntConsumer refreshSeconds;
    private final ObservableList<TierItemViewModel> tiers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper defaultTier = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");

    TiersViewModel(Supplier<LimitsApi> api, TaskScope tasks, DialogService dialogs, SettingsChanges changes,
                   IntConsumer refreshSeconds) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.refreshSeconds = Objects.requireNonNull(refreshSeconds, "refreshSeconds");
    }

    /** Loads the tiers. */
    public void load() {
        listMessage.set("Loading tiers…");
        tasks.run("Loading tiers", progress -> api.get().tiers(), this::show, failure -> {
            listMessage.set("Could not load the tiers");
            dialogs.show(ErrorRequest.of("Could not load the tiers", failure));
        });
    }

    private void show(TierSettings settings) {
        defaultTier.set(settings.defaultTier() == null ? "" : settings.defaultTier());
        tiers.setAll(settings.tiers().stream()
                .map(t -> new TierItemViewModel(t, t.name().equals(settings.defaultTier()))).toList());
        refreshSeconds.accept(settings.refreshSeconds());
        countShown();
    }

    private void countShown() {
        int n = tiers.size();
        listMessage.set(n == 0 ? "No tiers" : n + (n == 1 ? " tier" : " tiers") + ", default "
                + (defaultTier.get().isEmpty() ? "none" : defaultTier.get()));
    }

    /** Edits {@code tier}'s priority, quota and multipliers. */
    public void edit(TierItemViewModel tier) {
        if (tier == null) {
            return;
        }
        String name = tier.name();
        SettingsChanges.Form form = new SettingsChanges.Form("Edit tier " + name,
                "Tier " + name + " (" + tier.usersText() + " users). Multipliers scale a user's bucket: more than 0, "
                        + "at most 100.", TiersViewModel::fields, values -> LimitForms.tierProblems(values, null),
                "Preview changes");
        changes.edit(new SettingsChanges.Change<>("tier:" + name, "tier " + name, form,
                values -> api.get().previewTier(name, request(values)),
                values -> api.get().putTier(name, request(values)), null,
                saved -> replace(saved), "Save tier"), values(tier.tier()));
    }

    /** Adds a tier (its name checked against those shown). */
    public void add() {
        Set<String> taken = tiers.stream().map(TierItemViewModel::name).collect(Collectors.toSet());
        int nextPriority = tiers.stream().mapToInt(t -> t.tier().priority()).max().orElse(-1) + 1;
        SettingsChanges.Form form = new SettingsChanges.Form("New tier",
                "A tier's name: A-Z first, then A-Z, 0-9 or _, at most 20 characters.",
                values -> {
                    List<FormRequest.Field> fields = new ArrayList<>();
                    fields.add(FormRequest.Field.text(NAME, "Name", values.get(NAME), "e.g. PLATINUM"));
                    fields.addAll(fields(values));
                    return fields;
                }, values -> LimitForms.tierProblems(values, taken), "Preview changes");
        Map<String, String> initial = new LinkedHashMap<>();
        initial.put(NAME, "");
        initial.put(PRIORITY, Integer.toString(nextPriority));
        initial.put(QUOTA, "");
        initial.put(CAPACITY_MULTIPLIER, "1");
        initial.put(LEAK_MULTIPLIER, "1");
        changes.edit(new SettingsChanges.Change<>("tier:new", "the new tier", form,
                values -> api.get().previewTier(LimitForms.upper(values.get(NAME)), request(values)),
                values -> api.get().putTier(LimitForms.upper(values.get(NAME)), request(values)), null,
                saved -> replace(saved), "Add tier"), initial);
    }

    /** Makes {@code tier} the tier of users without one: the whole set, previewed and confirmed. */
    public void makeDefault(TierItemViewModel tier) {
        if (tier == null || tier.isDefault()) {
            return;
        }
        List<TierSetting> all = tiers.stream().map(TierItemViewModel::tier).toList();
        TierSetRequest request = new TierSetRequest(tier.name(), all);
        changes.submit(new SettingsChanges.Change<TierSettings>("tiers:default", "the default tier to " + tier.name(),
                null, values -> api.get().previewTiers(request), values -> api.get().putTiers(request), null,
                this::show, "Make " + tier.name() + " the default"), Map.of());
    }

    private void replace(TierSetting saved) {
        for (int i = 0; i < tiers.size(); i++) {
            TierItemViewModel row = tiers.get(i);
            if (row.name().equals(saved.name())) {
                TierSetting kept = saved.users() != null ? saved : new TierSetting(saved.name(), saved.priority(),
                        saved.quotaMaxTokens(), saved.capacityMultiplier(), saved.leakMultiplier(), row.tier().users());
                tiers.set(i, new TierItemViewModel(kept, row.isDefault()));
                return;
            }
        }
        tiers.add(new TierItemViewModel(saved, saved.name().equals(defaultTier.get())));
        tiers.sort((a, b) -> Integer.compare(a.tier().priority(), b.tier().priority()));
        countShown();
    }

    private static List<FormRequest.Field> fields(Map<String, String> values) {
        return List.of(
                FormRequest.Field.number(PRIORITY, "Priority (0 = lowest)", values.get(PRIORITY)),
                FormRequest.Field.number(QUOTA, "Quota per window (tokens)", values.get(QUOTA)),
                FormRequest.Field.number(CAPACITY_MULTIPLIER, "Capacity \u00d7", values.get(CAPACITY_MULTIPLIER)),
                FormRequest.Field.number(LEAK_MULTIPLIER, "Leak \u00d7", values.get(LEAK_MULTIPLIER)));
    }

    private static Map<String, String> values(TierSetting tier) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PRIORITY, Integer.toString(tier.priority()));
        values.put(QUOTA, Long.toString(tier.quotaMaxTokens()));
        values.put(CAPACITY_MULTIPLIER, LimitsFormat.decimal(tier.capacityMultiplier()));
        values.put(LEAK_MULTIPLIER, LimitsFormat.decimal(tier.leakMultiplier()));
        return values;
    }

    static TierUpdateRequest request(Map<String, String> values) {
        return new TierUpdateRequest(LimitForms.intOf(values, PRIORITY), LimitForms.longOf(values, QUOTA),
                LimitForms.doubleOf(values, CAPACITY_MULTIPLIER), LimitForms.doubleOf(values, LEAK_MULTIPLIER));
    }

    public ObservableList<TierItemViewModel> tiers() {
        return tiers;
    }

    /** The default tier's name. */
    public ReadOnlyStringProperty defaultTierProperty() {
        return defaultTier.getReadOnlyProperty();
    }

    /** "5 tiers, default FREE". */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }
}
