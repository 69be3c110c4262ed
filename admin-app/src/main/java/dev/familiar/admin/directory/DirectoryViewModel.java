package dev.familiar.admin.directory;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Directory screen without its nodes: which directory is live (Microsoft Entra or the local dry-run) and whether
 * it answers; the groups (searched as the operator types, debounced; paged from the server by cursor; created,
 * edited and deleted); and two parts for the selected group, {@link MembersViewModel} and, for all groups,
 * {@link RoleMappingsViewModel}. A failure of the directory itself (502, 503) shows in the {@link DirectoryBanner}
 * with Retry; other failures in an error dialog.
 *
 * <p>Every call runs in the screen's {@link TaskScope}; a list load started while an earlier one runs cancels it,
 * so the late answer is dropped. UI thread only.
 */
public final class DirectoryViewModel {
    static final int PAGE_SIZE = 50;
    /** The longest display name and description the directory takes (Entra's limits). */
    static final int NAME_MAX = 256;
    static final int DESCRIPTION_MAX = 1024;
    static final String LOCAL_TEXT = "Local directory (dry-run: groups kept in this server's database)";

    private final Supplier<DirectoryApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Debouncer searchDebounce;
    private final int pageSize;
    private final DirectoryBanner banner;
    private final MembersViewModel members;
    private final RoleMappingsViewModel mappings;

    private final ReadOnlyStringWrapper modeText = new ReadOnlyStringWrapper("Directory: checking…");
    private final ReadOnlyStringWrapper reachabilityText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper reachable = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper dryRun = new ReadOnlyBooleanWrapper(false);
    private final StringProperty search = new SimpleStringProperty("");
    private final ObservableList<GroupItemViewModel> groups = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<GroupItemViewModel> selected = new ReadOnlyObjectWrapper<>();

    private String shownSearch;
    private String nextCursor;
    private TaskHandle listLoad;
    private boolean settingSearch;

    public DirectoryViewModel(Supplier<DirectoryApi> api, TaskScope tasks, DialogService dialogs,
                              Supplier<Debouncer> debouncers) {
        this(api, tasks, dialogs, debouncers, PAGE_SIZE);
    }

    DirectoryViewModel(Supplier<DirectoryApi> api, TaskScope tasks, DialogService dialogs,
                       Supplier<Debouncer> debouncers, int pageSize) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.searchDebounce = debouncers.get();
        this.pageSize = pageSize;
        this.banner = new DirectoryBanner(dialogs);
        this.members = new MembersViewModel(api, tasks, dialogs, banner, debouncers, pageSize, this::membersChanged);
        this.mappings = new RoleMappingsViewModel(api, tasks, dialogs, banner);
        banner.onRetry(this::reload);
        search.addListener((obs, old, now) -> {
            if (!settingSearch) {
                searchDebounce.run(this::searchGroups);
            }
        });
    }

    // ---- the screen ----

    /** Shows the screen: the directory's status, the first page of groups and the role mappings, fresh. */
    public void load(Place place) {
        banner.clear();
        reload();
    }

    /** Loads everything again (the banner's Retry). */
    public void reload() {
        loadStatus();
        searchGroups();
        mappings.load();
    }

    /** Asks the server which directory is live and whether it answers. */
    public void loadStatus() {
        tasks.run("Checking the directory", progress -> api.get().status(), this::showStatus, failure -> {
            modeText.set("Directory: unknown");
            reachable.set(false);
            reachabilityText.set("The directory's status could not be read");
            banner.failed("Could not read the directory's status", failure);
        });
    }

    private void showStatus(DirectoryStatus status) {
        dryRun.set(status.dryRun() || "local".equalsIgnoreCase(status.mode()));
        modeText.set(modeText(status));
        reachable.set(status.reachable());
        reachabilityText.set(status.reachable() ? "Reachable"
                : "Unreachable" + (status.detail() == null || status.detail().isBlank() ? "" : ": " + status.detail()));
    }

    /** "Microsoft Entra — tenant …" or "Local directory (dry-run: …)". */
    static String modeText(DirectoryStatus status) {
        if ("entra".equalsIgnoreCase(status.mode())) {
            return "Microsoft Entra — tenant " + (status.tenantId() == null ? "?" : status.tenantId());
        }
        if ("local".equalsIgnoreCase(status.mode())) {
            return LOCAL_TEXT;
        }
        return "Directory: " + status.mode();
    }

    // ---- groups ----

    /** Lists the first page of groups matching the search text now entered; an earlier list load is dropped. */
    public void searchGroups() {
        searchDebounce.cancel();
        if (listLoad != null) {
            listLoad.cancel();
        }
        String filter = blankToNull(search.get());
        listMessage.set("Loading groups…");
        listLoad = tasks.run("Loading groups", progress -> api.get().groups(filter, null, pageSize), page -> {
            shownSearch = filter;
            String keep = selected.get() == null ? null : selected.get().id();
            groups.setAll(items(page));
            showPage(page);
            select(groups.stream().filter(g -> g.id().equals(keep)).findFirst().orElse(null));
        }, failure -> {
            listMessage.set("Could not load groups");
            banner.failed("Could not load the groups", failure);
        });
    }

    /** Appends the next page of the list shown (nothing when it is complete or a load runs). */
    public void loadMore() {
        if (nextCursor == null || (listLoad != null && listLoad.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        String filter = shownSearch;
        String cursor = nextCursor;
        listMessage.set("Loading more groups…");
        listLoad = tasks.run("Loading more groups", progress -> api.get().groups(filter, cursor, pageSize), page -> {
            groups.addAll(items(page));
            showPage(page);
        }, failure -> {
            listMessage.set("Could not load more groups");
            banner.failed("Could not load more groups", failure);
        });
    }

    private void showPage(DirectoryGroupList page) {
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        int count = groups.size();
        listMessage.set(count == 0 ? (shownSearch == null ? "No groups yet" : "No groups match")
                : count + (count == 1 ? " group" : " groups") + (nextCursor == null ? "" : " shown, more to load"));
    }

    private static List<GroupItemViewModel> items(DirectoryGroupList page) {
        return page.items() == null ? List.of() : page.items().stream().map(GroupItemViewModel::new).toList();
    }

    /** Makes {@code group} the selected one (null: none); its members load when it is another group. */
    public void select(GroupItemViewModel group) {
        GroupItemViewModel before = selected.get();
        selected.set(group);
        if (group == null) {
            members.show(null);
        } else if (before == null || !before.id().equals(group.id())) {
            members.show(group);
        } else {
            members.renamed(group);
        }
    }

    /** Asks for a display name and description and creates the group; the server's refusal re-opens the form. */
    public void createGroup() {
        askGroup("New group", "A security group of the directory.", "", "", "Create group")
                .ifPresent(values -> create(values.get("displayName"), values.get("description")));
    }

    private void create(String displayName, String description) {
        tasks.run("Creating the group " + displayName,
                progress -> api.get().createGroup(displayName, description.isEmpty() ? null : description), group -> {
                    GroupItemViewModel item = new GroupItemViewModel(group);
                    groups.add(0, item);
                    select(item);
                    message.set("Group " + item.displayName() + " created");
                    searchGroups(); // in the server's order, with its count
                }, failure -> {
                    if (refusedInput(failure)) {
                        askGroup("New group", refusal(failure), displayName, description, "Create group")
                                .ifPresent(values -> create(values.get("displayName"), values.get("description")));
                    } else {
                        banner.failed("Could not create the group " + displayName, failure);
                    }
                });
    }

    /** Asks for the group's new display name and description and saves what changed. */
    public void editGroup(GroupItemViewModel group) {
        if (group == null) {
            return;
        }
        askGroup("Edit group", "The group's name and description, as the directory shows them.",
                group.displayName(), group.description(), "Save group")
                .ifPresent(values -> update(group, values.get("displayName"), values.get("description")));
    }

    private void update(GroupItemViewModel group, String displayName, String description) {
        String newName = displayName.equals(group.displayName()) ? null : displayName;
        String newDescription = description.equals(group.description()) ? null : description;
        if (newName == null && newDescription == null) {
            message.set("Nothing changed");
            return;
        }
        tasks.run("Saving the group " + displayName,
                progress -> api.get().updateGroup(group.id(), newName, newDescription), saved -> {
                    GroupItemViewModel item = replace(saved);
                    message.set("Group " + item.displayName() + " saved");
                    if (newName != null) {
                        mappings.renamed(saved.id(), item.displayName());
                    }
                }, failure -> {
                    if (refusedInput(failure)) {
                        askGroup("Edit group", refusal(failure), displayName, description, "Save group")
                                .ifPresent(values -> update(group, values.get("displayName"),
                                        values.get("description")));
                    } else {
                        banner.failed("Could not save the group " + group.displayName(), failure);
                    }
                });
    }

    private GroupItemViewModel replace(DirectoryGroup saved) {
        GroupItemViewModel item = new GroupItemViewModel(saved);
        boolean wasSelected = selected.get() != null && selected.get().id().equals(saved.id());
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).id().equals(saved.id())) {
                if (saved.memberCount() == null && groups.get(i).group().memberCount() != null) {
                    item = new GroupItemViewModel(new DirectoryGroup(saved.id(), saved.displayName(),
                            saved.description(), groups.get(i).group().memberCount()));
                }
                groups.set(i, item); // a table may drop its selection meanwhile: it is set again below
            }
        }
        if (wasSelected) {
            select(item);
        }
        return item;
    }

    /** After a confirmation naming the group (and the roles it stops granting), deletes it. */
    public void deleteGroup(GroupItemViewModel group) {
        if (group == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(group.memberCountText().equals("?") ? "Its members leave it; their accounts stay."
                : "Its " + group.memberCountText() + " member(s) leave it; their accounts stay.");
        List<String> roles = mappings.rolesOf(group.id());
        if (!roles.isEmpty()) {
            lines.add("Its role mappings are removed: its members no longer hold " + String.join(", ", roles)
                    + " through it.");
        }
        lines.add(dryRun.get() ? "Local directory (dry-run): the group is removed from this server's database."
                : "The group is deleted in Microsoft Entra.");
        boolean confirmed = dialogs.show(new ConfirmRequest("Delete group",
                "Delete the group \u201c" + group.displayName() + "\u201d?", lines, "Delete group", true))
                .orElse(false);
        if (!confirmed) {
            return;
        }
        tasks.run("Deleting the group " + group.displayName(), progress -> api.get().deleteGroup(group.id()),
                deleted -> {
                    groups.removeIf(g -> g.id().equals(group.id()));
                    if (selected.get() != null && selected.get().id().equals(group.id())) {
                        select(null);
                    }
                    message.set("Group " + group.displayName() + " deleted");
                    mappings.groupDeleted(group.id()); // the server dropped its mappings
                }, failure -> banner.failed("Could not delete the group " + group.displayName(), failure));
    }

    private Optional<Map<String, String>> askGroup(String title, String header, String displayName,
                                                   String description, String confirm) {
        return dialogs.show(new FormRequest(title, header, List.of(
                FormRequest.Field.text("displayName", "Display name", displayName, "e.g. Prompt Engineers"),
                new FormRequest.Field("description", "Description", FormRequest.Kind.MULTILINE, description,
                        List.of(), "optional")),
                DirectoryViewModel::groupProblems, confirm));
    }

    /** The problems of a group's form: a display name of 1–256 characters, a description of at most 1,024. */
    public static Map<String, String> groupProblems(Map<String, String> values) {
        Map<String, String> problems = new LinkedHashMap<>();
        String name = values.getOrDefault("displayName", "").trim();
        if (name.isEmpty()) {
            problems.put("displayName", "required");
        } else if (name.length() > NAME_MAX) {
            problems.put("displayName", "at most " + NAME_MAX + " characters");
        }
        String description = values.getOrDefault("description", "").trim();
        if (description.length() > DESCRIPTION_MAX) {
            problems.put("description", "at most 1,024 characters");
        }
        return problems;
    }

    /** The server refused the form's values (400, 409): the operator may correct them. */
    private static boolean refusedInput(Throwable failure) {
        return DirectoryBanner.unwrap(failure) instanceof ApiError error
                && (error.status() == 400 || error.status() == 409);
    }

    /** "The server refused: … (HTTP 400)" with its field problems, for the re-opened form's header. */
    private static String refusal(Throwable failure) {
        return "The server refused: " + dev.familiar.admin.dialogs.ErrorReport.of(failure).message();
    }

    /** A member was added or removed: the selected group's count follows. */
    private void membersChanged(String groupId, int delta) {
        boolean wasSelected = selected.get() != null && selected.get().id().equals(groupId);
        GroupItemViewModel changed = null;
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).id().equals(groupId)) {
                changed = groups.get(i).withMembersChangedBy(delta);
                groups.set(i, changed); // a table may drop its selection meanwhile: it is set again below
            }
        }
        if (wasSelected && changed != null) {
            select(changed);
        }
    }

    /** Maps the selected group to a role (see {@link RoleMappingsViewModel#add}). */
    public void mapSelectedGroup() {
        mappings.add(selected.get());
    }

    /** Search now (Enter in the search field), without waiting for the debounce. */
    public void searchNow() {
        searchGroups();
    }

    /** Sets the search text without the debounced search (a place that names a search). */
    void setSearchQuietly(String text) {
        settingSearch = true;
        try {
            search.set(text);
        } finally {
            settingSearch = false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    // ---- properties ----

    /** "Microsoft Entra — tenant …", "Local directory (dry-run: …)", "Directory: checking…". */
    public ReadOnlyStringProperty modeTextProperty() {
        return modeText.getReadOnlyProperty();
    }

    /** "Reachable", "Unreachable: …". */
    public ReadOnlyStringProperty reachabilityTextProperty() {
        return reachabilityText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reachableProperty() {
        return reachable.getReadOnlyProperty();
    }

    /** True when the live directory is the local dry-run. */
    public ReadOnlyBooleanProperty dryRunProperty() {
        return dryRun.getReadOnlyProperty();
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ObservableList<GroupItemViewModel> groups() {
        return groups;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** "3 groups", "No groups match", "Loading groups…". */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    /** What the last group action did ("Group Prompt Engineers created"). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<GroupItemViewModel> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public DirectoryBanner banner() {
        return banner;
    }

    public MembersViewModel members() {
        return members;
    }

    public RoleMappingsViewModel mappings() {
        return mappings;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }
}
