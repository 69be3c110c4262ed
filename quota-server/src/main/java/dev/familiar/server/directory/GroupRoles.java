package dev.familiar.server.directory;

import dev.familiar.server.auth.Role;
import java.util.Set;

/**
 * The group → role mappings as a function: which roles membership in {@code groupIds} grants. Implemented over
 * the stored mappings by {@code access}; used at sign-in (password and Entra) to compute a person's roles.
 */
@FunctionalInterface
public interface GroupRoles {
    Set<Role> rolesOf(Set<String> groupIds);

    /** No mapping: groups grant nothing. */
    static GroupRoles none() {
        return groupIds -> Set.of();
    }
}
