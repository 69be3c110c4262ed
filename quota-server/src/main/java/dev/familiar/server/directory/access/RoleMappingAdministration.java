package dev.familiar.server.directory.access;

import dev.familiar.model.directory.RoleMapping;
import dev.familiar.model.directory.RoleMappings;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group → role mappings as administrators see them: read with each group's display name from the directory,
 * replaced as a whole once every group named exists in the directory, and forgotten for a deleted group. Every write
 * makes this server's {@link MappedGroupRoles} read the table again. Thread-safe.
 */
public final class RoleMappingAdministration {
    private static final Logger LOG = LoggerFactory.getLogger(RoleMappingAdministration.class);

    /** What a replacement did. */
    public sealed interface ReplaceOutcome permits Replaced, UnknownGroups, DirectoryFailed {
    }

    /** Stored; {@code mappings} as a GET would answer them, {@code before} how many there were. */
    public record Replaced(RoleMappings mappings, int before) implements ReplaceOutcome {
    }

    /** Nothing stored: the directory has no group with these ids. */
    public record UnknownGroups(Set<String> groupIds) implements ReplaceOutcome {
    }

    /** Nothing stored: the directory could not say whether a group exists. */
    public record DirectoryFailed(DirectoryException failure) implements ReplaceOutcome {
    }

    private final RoleMappingStore store;
    private final MappedGroupRoles groupRoles;
    private final Directory directory;
    private final Clock clock;

    public RoleMappingAdministration(RoleMappingStore store, MappedGroupRoles groupRoles, Directory directory,
                                     Clock clock) {
        this.store = store;
        this.groupRoles = groupRoles;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * Every mapping with its group's display name; the name is null when the group no longer exists or the directory
     * does not answer (after the first failure that is not "no such group" the directory is not asked again, so a
     * directory that is down costs one call, not one per group).
     */
    public RoleMappings list() throws SQLException {
        List<GroupRole> stored = sorted(store.list());
        Map<String, String> names = new HashMap<>();
        boolean answering = true;
        for (String groupId : groupIds(stored)) {
            if (!answering) {
                break;
            }
            try {
                names.put(groupId, directory.group(groupId).displayName());
            } catch (DirectoryException e) {
                if (e.kind() != DirectoryException.Kind.NOT_FOUND && e.kind() != DirectoryException.Kind.INVALID) {
                    LOG.warn("Role mappings listed without group names: the directory did not answer ({}: {})",
                            e.kind(), e.getMessage());
                    answering = false;
                }
            } catch (RuntimeException e) {
                LOG.warn("Role mappings listed without group names: the directory failed ({})",
                        e.getClass().getSimpleName());
                answering = false;
            }
        }
        List<RoleMapping> items = new ArrayList<>();
        for (GroupRole m : stored) {
            items.add(new RoleMapping(m.groupId(), names.get(m.groupId()), m.role().name()));
        }
        return new RoleMappings(items);
    }

    /**
     * Replaces the whole set (already checked: grantable roles, no duplicates, at most the route's limit) after
     * asking the directory for every group named, one call per distinct group.
     */
    public ReplaceOutcome replace(List<GroupRole> mappings, String by) throws SQLException {
        Set<String> unknown = new LinkedHashSet<>();
        Map<String, String> names = new HashMap<>();
        for (String groupId : groupIds(mappings)) {
            try {
                names.put(groupId, directory.group(groupId).displayName());
            } catch (DirectoryException e) {
                if (e.kind() == DirectoryException.Kind.NOT_FOUND || e.kind() == DirectoryException.Kind.INVALID) {
                    unknown.add(groupId);
                } else {
                    return new DirectoryFailed(e);
                }
            }
        }
        if (!unknown.isEmpty()) {
            return new UnknownGroups(unknown);
        }
        int before = store.replace(mappings, by, clock.instant());
        groupRoles.invalidate();
        List<RoleMapping> items = new ArrayList<>();
        for (GroupRole m : sorted(mappings)) {
            items.add(new RoleMapping(m.groupId(), names.get(m.groupId()), m.role().name()));
        }
        return new Replaced(new RoleMappings(items), before);
    }

    /**
     * Removes the mappings of a group that was deleted (called by the group delete route); answers how many there
     * were. A database failure is thrown unchecked (the caller's request fails with 500).
     */
    public int forgetGroup(String groupId) {
        try {
            int removed = store.forgetGroup(groupId, "group-delete", clock.instant());
            groupRoles.invalidate();
            return removed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove the role mappings of group " + groupId, e);
        }
    }

    /** One order for GET and PUT answers, the same on H2 and PostgreSQL (whatever the database's collation). */
    private static List<GroupRole> sorted(List<GroupRole> mappings) {
        return mappings.stream().sorted(Comparator.comparing(GroupRole::groupId).thenComparing(m -> m.role().name()))
                .toList();
    }

    private static Set<String> groupIds(List<GroupRole> mappings) {
        Set<String> ids = new LinkedHashSet<>();
        mappings.forEach(m -> ids.add(m.groupId()));
        return ids;
    }
}
