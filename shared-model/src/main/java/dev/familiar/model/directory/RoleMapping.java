package dev.familiar.model.directory;

/**
 * A directory group that grants a role: its members hold {@code role} (one of {@code PROMPT_ENGINEER},
 * {@code BILLING_ADMIN}, {@code TENANT_ADMIN}, {@code ADMIN}) on every route, besides their own account's roles.
 * {@code groupDisplayName} is filled in answers (null when the group no longer exists) and ignored in requests.
 */
public record RoleMapping(String groupId, String groupDisplayName, String role) {
}
