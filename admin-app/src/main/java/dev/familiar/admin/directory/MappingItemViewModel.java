package dev.familiar.admin.directory;

import dev.familiar.model.directory.RoleMapping;
import java.util.Objects;

/**
 * One row of the role-mappings table: members of the group {@code groupId} hold {@code role}. {@code groupName} is
 * the group's display name as last known (null when the group no longer exists).
 */
public record MappingItemViewModel(String groupId, String groupName, String role) {
    public MappingItemViewModel {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(role, "role");
    }

    static MappingItemViewModel of(RoleMapping mapping) {
        return new MappingItemViewModel(mapping.groupId(), mapping.groupDisplayName(), mapping.role());
    }

    /** The group's display name, or that it no longer exists. */
    public String groupText() {
        return groupName == null || groupName.isBlank() ? "(group not found: " + groupId + ")" : groupName;
    }

    /** The mapping as the server takes it (the display name is ignored there). */
    RoleMapping toMapping() {
        return new RoleMapping(groupId, groupName, role);
    }

    boolean sameAs(String otherGroupId, String otherRole) {
        return groupId.equals(otherGroupId) && role.equals(otherRole);
    }
}
