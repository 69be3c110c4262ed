package dev.familiar.admin.directory;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.FormRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The group → role mappings: which directory groups grant which roles on every route. Edited here (a group picked
 * in the groups list mapped to a role; a mapping removed) and saved as a whole ({@code PUT
 * /api/admin/directory/role-mappings}); until then the table says it has unsaved changes, and Revert reloads what
 * the server holds. UI thread only.
 */
public final class RoleMappingsViewModel {
    /** The roles a group can grant, in the order the form offers them. */
    public static final List<String> ROLES = List.of("PROMPT_ENGINEER", "BILLING_ADMIN", "TENANT_ADMIN", "ADMIN");

    private final Supplier<DirectoryApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final DirectoryBanner banner;
    private final ObservableList<MappingItemViewModel> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private TaskHandle loading;

    RoleMappingsViewModel(Supplier<DirectoryApi> api, TaskScope tasks, DialogService dialogs, DirectoryBanner banner) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.banner = Objects.requireNonNull(banner, "banner");
    }

    /** Loads the mappings the server holds (unsaved changes are dropped). */
    public void load() {
        if (loading != null) {
            loading.cancel();
        }
        message.set("Loading the role mappings…");
        loading = tasks.run("Loading role mappings", progress -> api.get().roleMappings(), found -> {
            rows.setAll(found.stream().map(MappingItemViewModel::of).toList());
            dirty.set(false);
            message.set(summary());
        }, failure -> {
            message.set("Could not load the role mappings");
            banner.failed("Could not load the role mappings", failure);
        });
    }

    private String summary() {
        return rows.isEmpty() ? "No group grants a role yet"
                : rows.size() + (rows.size() == 1 ? " mapping" : " mappings");
    }

    /** Asks which role {@code group} grants and adds the mapping (unsaved); a group must be picked first. */
    public void add(GroupItemViewModel group) {
        if (group == null) {
            message.set("Pick a group in the list first, then map it to a role");
            return;
        }
        List<String> free = ROLES.stream().filter(role -> rows.stream().noneMatch(r -> r.sameAs(group.id(), role)))
                .toList();
        if (free.isEmpty()) {
            message.set(group.displayName() + " grants every role already");
            return;
        }
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("Map a group to a role",
                "Members of \u201c" + group.displayName() + "\u201d will hold the role on every route, besides their "
                        + "own account's roles.",
                List.of(FormRequest.Field.choice("role", "Role", free.get(0), free)),
                values -> free.contains(values.getOrDefault("role", "")) ? Map.of() : Map.of("role", "choose a role"),
                "Add mapping"));
        answer.ifPresent(values -> {
            rows.add(new MappingItemViewModel(group.id(), group.displayName(), values.get("role")));
            dirty.set(true);
            message.set(group.displayName() + " \u2192 " + values.get("role") + " added: Save to apply");
        });
    }

    /** Removes a mapping (unsaved). */
    public void remove(MappingItemViewModel row) {
        if (row != null && rows.remove(row)) {
            dirty.set(true);
            message.set(row.groupText() + " \u2192 " + row.role() + " removed: Save to apply");
        }
    }

    /** Replaces the server's mappings with the table's; the answer (as stored) replaces the table. */
    public void save() {
        List<MappingItemViewModel> sent = List.copyOf(rows);
        message.set("Saving the role mappings…");
        tasks.run("Saving role mappings",
                progress -> api.get().replaceRoleMappings(sent.stream().map(MappingItemViewModel::toMapping).toList()),
                stored -> {
                    rows.setAll(stored.stream().map(MappingItemViewModel::of).toList());
                    dirty.set(false);
                    message.set("Role mappings saved: " + summary());
                }, failure -> {
                    message.set("The role mappings were not saved");
                    banner.failed("Could not save the role mappings", failure);
                });
    }

    /** Drops unsaved changes: the server's mappings again. */
    public void revert() {
        load();
    }

    /** The roles {@code groupId} grants in the table. */
    List<String> rolesOf(String groupId) {
        return rows.stream().filter(r -> r.groupId().equals(groupId)).map(MappingItemViewModel::role).toList();
    }

    /** A group was renamed: its rows show the new name. */
    void renamed(String groupId, String displayName) {
        rows.replaceAll(r -> r.groupId().equals(groupId) ? new MappingItemViewModel(groupId, displayName, r.role()) : r);
    }

    /** A group was deleted: the server dropped its mappings, the table follows (other changes stay unsaved). */
    void groupDeleted(String groupId) {
        rows.removeIf(r -> r.groupId().equals(groupId));
        if (!dirty.get()) {
            message.set(summary());
        }
    }

    public ObservableList<MappingItemViewModel> rows() {
        return rows;
    }

    /** True while the table holds changes the server does not have. */
    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    /** "2 mappings", "… added: Save to apply", "Role mappings saved: 2 mappings". */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
