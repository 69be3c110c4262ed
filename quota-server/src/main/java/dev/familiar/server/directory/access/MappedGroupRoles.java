package dev.familiar.server.directory.access;

import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.GroupRoles;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link GroupRoles} over the stored mappings, read from {@link RoleMappingStore} at most every {@link #MAX_AGE}
 * (10 s) and at once after a write on this server ({@link #invalidate()}). So a change made through this server
 * applies to the next sign-in here; one made through another server sharing the database applies here within 10 s.
 * No database read per sign-in otherwise (at most 200 mappings are held). While the database does not answer, the
 * last set read stays in force; before any set was read, the read's failure is thrown (the caller falls back to the
 * account's own roles). Thread-safe.
 */
public final class MappedGroupRoles implements GroupRoles {
    public static final Duration MAX_AGE = Duration.ofSeconds(10);

    private record Snapshot(Map<String, Set<Role>> byGroup, Instant readAt, long generation) {
    }

    private final RoleMappingStore store;
    private final Clock clock;
    /** Moved by every invalidation: a read that began before it cannot install a set that looks fresh. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot snapshot;

    public MappedGroupRoles(RoleMappingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Set<Role> rolesOf(Set<String> groupIds) {
        Map<String, Set<Role>> byGroup = current().byGroup();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String groupId : groupIds) {
            Set<Role> granted = byGroup.get(groupId);
            if (granted != null) {
                roles.addAll(granted);
            }
        }
        return roles;
    }

    /** Whether any group grants anything: when not, sign-in need not ask the directory at all. */
    public boolean grantsAnything() {
        return !current().byGroup().isEmpty();
    }

    /** Forgets the set read, so the next use reads the table again (after a write on this server). */
    public void invalidate() {
        generation.incrementAndGet();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (fresh(s)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (fresh(s)) {
                return s;
            }
            long readGeneration = generation.get();
            Instant now = clock.instant();
            try {
                List<GroupRole> mappings = store.list();
                Map<String, Set<Role>> byGroup = new HashMap<>();
                for (GroupRole m : mappings) {
                    byGroup.computeIfAbsent(m.groupId(), g -> EnumSet.noneOf(Role.class)).add(m.role());
                }
                byGroup.replaceAll((g, roles) -> Set.copyOf(roles));
                snapshot = new Snapshot(Map.copyOf(byGroup), now, readGeneration);
                return snapshot;
            } catch (SQLException e) {
                if (s != null) {
                    return s;
                }
                throw new IllegalStateException("cannot read the directory role mappings: " + e.getMessage(), e);
            }
        }
    }

    private boolean fresh(Snapshot s) {
        return s != null && s.generation() == generation.get()
                && clock.instant().isBefore(s.readAt().plus(MAX_AGE));
    }
}
