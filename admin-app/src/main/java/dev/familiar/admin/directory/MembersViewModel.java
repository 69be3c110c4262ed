package dev.familiar.admin.directory;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.MemberAddResult;
import dev.familiar.model.directory.MemberAddStatus;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The members of the selected group: paged from the server by cursor; people added from a directory search
 * (several at once) or from a pasted list (the bulk dialog's per-line results); one removed after a confirmation
 * naming them and the group. The group's member count in the list follows what was added and removed. UI thread only.
 */
public final class MembersViewModel {
    static final String NO_GROUP = "Select a group to see its members";

    /** Told how many members a group gained (positive) or lost (negative). */
    @FunctionalInterface
    interface CountListener {
        void membersChanged(String groupId, int delta);
    }

    private final Supplier<DirectoryApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final DirectoryBanner banner;
    private final Supplier<Debouncer> debouncers;
    private final int pageSize;
    private final CountListener counts;

    private final ReadOnlyObjectWrapper<GroupItemViewModel> group = new ReadOnlyObjectWrapper<>();
    private final ObservableList<MemberItemViewModel> members = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper(NO_GROUP);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    private String nextCursor;
    private TaskHandle load;

    MembersViewModel(Supplier<DirectoryApi> api, TaskScope tasks, DialogService dialogs, DirectoryBanner banner,
                     Supplier<Debouncer> debouncers, int pageSize, CountListener counts) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.banner = Objects.requireNonNull(banner, "banner");
        this.debouncers = Objects.requireNonNull(debouncers, "debouncers");
        this.pageSize = pageSize;
        this.counts = Objects.requireNonNull(counts, "counts");
    }

    /** Shows the members of {@code shown} (null: none), fresh from the server; an earlier load is dropped. */
    void show(GroupItemViewModel shown) {
        group.set(shown);
        message.set("");
        reload();
    }

    /** The same group under a new name (or count): nothing to load. */
    void renamed(GroupItemViewModel renamed) {
        group.set(renamed);
    }

    /** Loads the first page of the group's members again. */
    public void reload() {
        cancelLoad();
        members.clear();
        nextCursor = null;
        hasMore.set(false);
        GroupItemViewModel shown = group.get();
        if (shown == null) {
            listMessage.set(NO_GROUP);
            return;
        }
        listMessage.set("Loading the members of " + shown.displayName() + "…");
        load = tasks.run("Loading members", progress -> api.get().members(shown.id(), null, pageSize),
                page -> showPage(page, false), failure -> {
                    listMessage.set("Could not load the members of " + shown.displayName());
                    banner.failed("Could not load the members of " + shown.displayName(), failure);
                });
    }

    /** Appends the next page (nothing when the list is complete or a load runs). */
    public void loadMore() {
        GroupItemViewModel shown = group.get();
        if (shown == null || nextCursor == null || (load != null && load.state() == TaskHandle.State.RUNNING)) {
            return;
        }
        String cursor = nextCursor;
        listMessage.set("Loading more members…");
        load = tasks.run("Loading more members", progress -> api.get().members(shown.id(), cursor, pageSize),
                page -> showPage(page, true), failure -> {
                    listMessage.set("Could not load more members");
                    banner.failed("Could not load more members of " + shown.displayName(), failure);
                });
    }

    private void showPage(DirectoryUserList page, boolean append) {
        List<MemberItemViewModel> items = page.items() == null ? List.of()
                : page.items().stream().map(MemberItemViewModel::new).toList();
        if (append) {
            members.addAll(items);
        } else {
            members.setAll(items);
        }
        nextCursor = page.nextCursor();
        hasMore.set(nextCursor != null);
        int count = members.size();
        String name = group.get() == null ? "" : group.get().displayName();
        listMessage.set(count == 0 ? name + " has no members"
                : name + ": " + count + (count == 1 ? " member" : " members")
                        + (nextCursor == null ? "" : " shown, more to load"));
    }

    private void cancelLoad() {
        if (load != null) {
            load.cancel();
            load = null;
        }
    }

    /** Asks for people from a directory search (several may be chosen) and adds them in one request. */
    public void addFromDirectory() {
        GroupItemViewModel target = group.get();
        if (target == null) {
            return;
        }
        MemberPickerViewModel picker = new MemberPickerViewModel(api, tasks, debouncers.get(), target.displayName());
        List<DirectoryUser> chosen = dialogs.show(new PickMembersRequest(picker)).orElse(List.of());
        picker.close();
        if (chosen.isEmpty()) {
            return;
        }
        List<String> ids = chosen.stream().map(DirectoryUser::id).distinct().toList();
        tasks.run("Adding " + ids.size() + (ids.size() == 1 ? " member to " : " members to ") + target.displayName(),
                progress -> api.get().addMembers(target.id(), ids, List.of()),
                result -> added(target, result), failure -> banner.failed("Could not add members to "
                        + target.displayName(), failure));
    }

    private void added(GroupItemViewModel target, AddMembersResult result) {
        if (result.added() > 0) {
            counts.membersChanged(target.id(), result.added());
        }
        message.set(countsText(result) + " in " + target.displayName());
        List<String> failures = result.results() == null ? List.of() : result.results().stream()
                .filter(r -> isFailure(r.status()))
                .map(r -> r.input() + ": " + r.status() + (r.message() == null ? "" : " — " + r.message()))
                .toList();
        if (!failures.isEmpty()) {
            dialogs.show(new ErrorRequest("Some people were not added to " + target.displayName(),
                    String.join("\n", failures), null));
        }
        if (group.get() != null && group.get().id().equals(target.id())) {
            reload();
        }
    }

    /** "2 added, 1 already a member, 0 failed". */
    static String countsText(AddMembersResult result) {
        return result.added() + " added, " + result.alreadyMembers()
                + (result.alreadyMembers() == 1 ? " already a member, " : " already members, ")
                + result.failed() + " failed";
    }

    static boolean isFailure(MemberAddStatus status) {
        return status != MemberAddStatus.ADDED && status != MemberAddStatus.ALREADY_MEMBER;
    }

    /** Opens the bulk-add dialog (a pasted list, per-line results); the list reloads when someone was added. */
    public void bulkAdd() {
        GroupItemViewModel target = group.get();
        if (target == null) {
            return;
        }
        BulkAddViewModel bulk = new BulkAddViewModel(api, tasks, target.id(), target.displayName());
        dialogs.show(new BulkAddRequest(bulk));
        bulk.cancel();
        if (bulk.totalAdded() > 0 || bulk.sent()) {
            if (bulk.totalAdded() > 0) {
                counts.membersChanged(target.id(), bulk.totalAdded());
            }
            message.set("Bulk add to " + target.displayName() + ": " + bulk.countsTextProperty().get());
            if (group.get() != null && group.get().id().equals(target.id())) {
                reload();
            }
        }
    }

    /** After a confirmation naming the member and the group, takes them out of it. */
    public void remove(MemberItemViewModel member) {
        GroupItemViewModel target = group.get();
        if (target == null || member == null) {
            return;
        }
        boolean confirmed = dialogs.show(new ConfirmRequest("Remove member",
                "Remove " + member.describe() + " from \u201c" + target.displayName() + "\u201d?",
                List.of("They lose the roles this group grants, from their next sign-in.",
                        "Their account stays; add them again at any time."), "Remove member", true)).orElse(false);
        if (!confirmed) {
            return;
        }
        tasks.run("Removing " + member.displayName() + " from " + target.displayName(), progress -> {
            api.get().removeMember(target.id(), member.id());
            return member;
        }, removed -> {
            counts.membersChanged(target.id(), -1);
            message.set(removed.displayName() + " removed from " + target.displayName());
            if (group.get() != null && group.get().id().equals(target.id())) {
                members.removeIf(m -> m.id().equals(removed.id()));
                reload();
            }
        }, failure -> banner.failed("Could not remove " + member.displayName() + " from "
                + target.displayName(), failure));
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<GroupItemViewModel> groupProperty() {
        return group.getReadOnlyProperty();
    }

    public ObservableList<MemberItemViewModel> members() {
        return members;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** "Prompt Engineers: 3 members", "Prompt Engineers has no members", "Select a group…". */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    /** What the last member action did ("Ana removed from Prompt Engineers"). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
