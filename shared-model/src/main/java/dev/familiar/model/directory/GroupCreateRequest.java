package dev.familiar.model.directory;

/**
 * {@code POST /api/admin/directory/groups}: {@code displayName} required (1–256 characters), {@code description}
 * optional (up to 1,024). The group is a security group (not mail-enabled) in Entra.
 */
public record GroupCreateRequest(String displayName, String description) {
}
