package dev.familiar.server.directory.access;

import dev.familiar.server.auth.Role;
import java.util.Objects;
import java.util.Set;

/** One stored mapping: members of the directory group {@code groupId} hold {@code role}. */
public record GroupRole(String groupId, Role role) {
    /** The roles a group may grant; USER (everyone has it) and SERVICE (a key's role, never a person's) are not. */
    public static final Set<Role> GRANTABLE = Set.of(Role.PROMPT_ENGINEER, Role.BILLING_ADMIN, Role.TENANT_ADMIN,
            Role.ADMIN);

    public GroupRole {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(role, "role");
    }
}
