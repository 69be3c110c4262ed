package dev.familiar.model.directory;

import java.util.List;

/**
 * {@code GET/PUT /api/admin/directory/role-mappings}: the whole set of group → role mappings. {@code PUT} replaces
 * the set (a group may map to several roles, one entry each; duplicates are refused) and answers it as stored.
 */
public record RoleMappings(List<RoleMapping> items) {
}
