package dev.familiar.admin.directory;

import dev.familiar.model.directory.DirectoryGroup;
import java.util.Objects;

/** One row of the groups table: a directory group and the texts its columns show. */
public record GroupItemViewModel(DirectoryGroup group) {
    public GroupItemViewModel {
        Objects.requireNonNull(group, "group");
    }

    public String id() {
        return group.id();
    }

    public String displayName() {
        return group.displayName() == null ? "" : group.displayName();
    }

    /** The description, empty when there is none. */
    public String description() {
        return group.description() == null ? "" : group.description();
    }

    /** The number of direct members, "?" when the directory could not count them in time. */
    public String memberCountText() {
        return group.memberCount() == null ? "?" : Integer.toString(group.memberCount());
    }

    /** The same group with {@code delta} more members (unknown stays unknown, never below zero). */
    GroupItemViewModel withMembersChangedBy(int delta) {
        Integer count = group.memberCount();
        return count == null ? this : new GroupItemViewModel(new DirectoryGroup(group.id(), group.displayName(),
                group.description(), Math.max(0, count + delta)));
    }
}
