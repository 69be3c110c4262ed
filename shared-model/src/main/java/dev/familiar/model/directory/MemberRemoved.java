package dev.familiar.model.directory;

/** 200 of {@code DELETE /api/admin/directory/groups/{id}/members/{memberId}}: who left which group. */
public record MemberRemoved(String groupId, String memberId) {
}
