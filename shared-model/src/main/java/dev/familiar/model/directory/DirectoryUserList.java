package dev.familiar.model.directory;

import java.util.List;

/**
 * Members of a group ({@code GET …/groups/{id}/members}, paged by {@code nextCursor}) or the answer of a directory
 * user search ({@code GET /api/admin/directory/users?search=}, the first matches, {@code nextCursor} null).
 */
public record DirectoryUserList(List<DirectoryUser> items, String nextCursor) {
}
