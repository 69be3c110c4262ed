package dev.familiar.admin.directory;

import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.RoleMapping;
import java.util.List;

/**
 * What the Directory screen asks of a server ({@code /api/admin/directory…}, ADMIN): which directory is live, its
 * groups, their members, the directory's users and the group → role mappings. Calls block and throw the typed
 * client's {@link dev.familiar.model.api.ApiError} when the server refuses (502 {@code UPSTREAM_FAILED} when
 * Microsoft Graph refused, 503 {@code SERVICE_UNAVAILABLE} with {@code retryAfterSeconds} while it throttles).
 * {@link ClientDirectoryApi} is the adapter over the typed client; tests use a fake.
 */
public interface DirectoryApi {

    /** Which directory is live (Entra or the local dry-run) and whether it answers. */
    DirectoryStatus status();

    /** One page of groups whose display name matches {@code search} (null: all); {@code cursor} null: the first. */
    DirectoryGroupList groups(String search, String cursor, int limit);

    /** Creates a group; answers it as stored. */
    DirectoryGroup createGroup(String displayName, String description);

    /** Renames and/or describes a group ({@code null}: unchanged, empty description: cleared). */
    DirectoryGroup updateGroup(String groupId, String displayName, String description);

    /** Deletes a group (its role mappings go with it); answers the deleted group. */
    DirectoryGroup deleteGroup(String groupId);

    /** One page of a group's direct members; {@code cursor} null: the first. */
    DirectoryUserList members(String groupId, String cursor, int limit);

    /** Adds people by directory user id and by e-mail address in one request; a result per entry. */
    AddMembersResult addMembers(String groupId, List<String> userIds, List<String> emails);

    /** Takes one member out of a group (404 when not a member). */
    void removeMember(String groupId, String memberId);

    /** The directory's people whose name or e-mail starts with {@code search} (the first matches). */
    DirectoryUserList users(String search);

    /** The group → role mappings as stored. */
    List<RoleMapping> roleMappings();

    /** Replaces the whole set of mappings; answers it as stored. */
    List<RoleMapping> replaceRoleMappings(List<RoleMapping> mappings);
}
