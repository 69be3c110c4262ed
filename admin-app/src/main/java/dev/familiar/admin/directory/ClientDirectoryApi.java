package dev.familiar.admin.directory;

import dev.familiar.model.client.DirectoryClient;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.GroupUpdateRequest;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.model.directory.RoleMappings;
import java.util.List;
import java.util.Objects;

/** {@link DirectoryApi} over the typed client's directory area ({@code client.directory()}). */
public final class ClientDirectoryApi implements DirectoryApi {
    private final DirectoryClient directory;

    public ClientDirectoryApi(DirectoryClient directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public DirectoryStatus status() {
        return directory.status();
    }

    @Override
    public DirectoryGroupList groups(String search, String cursor, int limit) {
        return directory.groups(search, cursor, limit);
    }

    @Override
    public DirectoryGroup createGroup(String displayName, String description) {
        return directory.create(displayName, description);
    }

    @Override
    public DirectoryGroup updateGroup(String groupId, String displayName, String description) {
        return directory.update(groupId, new GroupUpdateRequest(displayName, description));
    }

    @Override
    public DirectoryGroup deleteGroup(String groupId) {
        return directory.delete(groupId);
    }

    @Override
    public DirectoryUserList members(String groupId, String cursor, int limit) {
        return directory.members(groupId, cursor, limit);
    }

    @Override
    public AddMembersResult addMembers(String groupId, List<String> userIds, List<String> emails) {
        return directory.addMembers(groupId, userIds, emails);
    }

    @Override
    public void removeMember(String groupId, String memberId) {
        directory.removeMember(groupId, memberId);
    }

    @Override
    public DirectoryUserList users(String search) {
        return directory.users(search);
    }

    @Override
    public List<RoleMapping> roleMappings() {
        List<RoleMapping> items = directory.roleMappings().items();
        return items == null ? List.of() : List.copyOf(items);
    }

    @Override
    public List<RoleMapping> replaceRoleMappings(List<RoleMapping> mappings) {
        List<RoleMapping> items = directory.replaceRoleMappings(new RoleMappings(List.copyOf(mappings))).items();
        return items == null ? List.of() : List.copyOf(items);
    }
}
