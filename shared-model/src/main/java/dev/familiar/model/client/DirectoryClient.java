package dev.familiar.model.client;

import dev.familiar.model.directory.AddMembersRequest;
import dev.familiar.model.directory.AddMembersResult;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryGroupList;
import dev.familiar.model.directory.DirectoryStatus;
import dev.familiar.model.directory.DirectoryUserList;
import dev.familiar.model.directory.GroupCreateRequest;
import dev.familiar.model.directory.GroupUpdateRequest;
import dev.familiar.model.directory.MemberRemoved;
import dev.familiar.model.directory.RoleMappings;
import java.util.List;
import java.util.Objects;

/**
 * The directory ({@code /api/admin/directory}, ADMIN): Microsoft Entra groups (or the local directory's, in dry-run),
 * their members, the directory's users and the group → role mappings. Errors arrive as
 * {@link dev.familiar.model.api.ApiError}: 404 {@code NOT_FOUND} for an unknown group or member, 400
 * {@code VALIDATION_FAILED} for bad input, 502 {@code UPSTREAM_FAILED} when Graph refuses (its message, never a
 * token), 503 {@code SERVICE_UNAVAILABLE} (with {@code retryAfterSeconds}) while Graph throttles us. Thread-safe.
 */
public final class DirectoryClient {
    static final String BASE = "api/admin/directory";

    private final ApiTransport transport;

    public DirectoryClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code GET /api/admin/directory/status}: which directory is live (entra or local dry-run), reachable or not. */
    public DirectoryStatus status() {
        return transport.get(BASE + "/status").envelope(DirectoryStatus.class);
    }

    /** {@code GET /api/admin/directory/groups?search=&cursor=&limit=}: groups whose display name matches. */
    public DirectoryGroupList groups(String search, String cursor, Integer limit) {
        return transport.get(BASE + "/groups").query("search", search).query("cursor", cursor).query("limit", limit)
                .envelope(DirectoryGroupList.class);
    }

    /** {@code POST /api/admin/directory/groups} → 201 with the new group. */
    public DirectoryGroup create(String displayName, String description) {
        return transport.post(BASE + "/groups").body(new GroupCreateRequest(displayName, description))
                .envelope(DirectoryGroup.class);
    }

    /** {@code PATCH /api/admin/directory/groups/{id}}: rename and/or describe. */
    public DirectoryGroup update(String groupId, GroupUpdateRequest changes) {
        return transport.patch(group(groupId)).body(changes).envelope(DirectoryGroup.class);
    }

    /** {@code DELETE /api/admin/directory/groups/{id}}: answers the deleted group; its role mappings go with it. */
    public DirectoryGroup delete(String groupId) {
        return transport.delete(group(groupId)).envelope(DirectoryGroup.class);
    }

    /** {@code GET /api/admin/directory/groups/{id}/members?cursor=&limit=}: one page of direct members. */
    public DirectoryUserList members(String groupId, String cursor, Integer limit) {
        return transport.get(group(groupId) + "/members").query("cursor", cursor).query("limit", limit)
                .envelope(DirectoryUserList.class);
    }

    /** {@code POST /api/admin/directory/groups/{id}/members}: a result per entry (ids first, then e-mails). */
    public AddMembersResult addMembers(String groupId, List<String> userIds, List<String> emails) {
        return transport.post(group(groupId) + "/members").body(new AddMembersRequest(userIds, emails))
                .envelope(AddMembersResult.class);
    }

    /** {@code DELETE /api/admin/directory/groups/{id}/members/{memberId}}; 404 {@code NOT_FOUND} when not a member. */
    public MemberRemoved removeMember(String groupId, String memberId) {
        return transport.delete(group(groupId) + "/members/" + segment(memberId)).envelope(MemberRemoved.class);
    }

    /** {@code GET /api/admin/directory/users?search=}: the directory's people whose name or e-mail starts with it. */
    public DirectoryUserList users(String search) {
        return transport.get(BASE + "/users").query("search", search).envelope(DirectoryUserList.class);
    }

    /** {@code GET /api/admin/directory/role-mappings}. */
    public RoleMappings roleMappings() {
        return transport.get(BASE + "/role-mappings").envelope(RoleMappings.class);
    }

    /** {@code PUT /api/admin/directory/role-mappings}: replaces the whole set; answers it as stored. */
    public RoleMappings replaceRoleMappings(RoleMappings mappings) {
        return transport.put(BASE + "/role-mappings").body(mappings).envelope(RoleMappings.class);
    }

    private static String group(String groupId) {
        return BASE + "/groups/" + segment(groupId);
    }

    private static String segment(String value) {
        return okhttp3.HttpUrl.parse("http://x/").newBuilder().addPathSegment(Objects.requireNonNull(value, "id"))
                .build().encodedPath().substring(1);
    }
}
