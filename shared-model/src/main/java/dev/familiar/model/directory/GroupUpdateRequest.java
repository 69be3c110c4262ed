package dev.familiar.model.directory;

/**
 * {@code PATCH /api/admin/directory/groups/{id}}: a null field is left as it is; an empty {@code description}
 * clears it. At least one field must be present.
 */
public record GroupUpdateRequest(String displayName, String description) {
}
