package dev.familiar.server.directory.access;

import dev.familiar.server.admin.AdminBootstrap;
import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.GroupRoles;
import dev.familiar.server.directory.Person;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule for the roles we put in a person's access token: their account's roles plus the roles their
 * directory groups map to ({@link GroupRoles}). Computed when a token is issued (password login, invitation
 * acceptance, password change; Entra sign-in through {@link #ofDirectoryPerson}), so a membership change applies at
 * the next sign-in, within one access-token lifetime ({@code FAMILIAR_USER_TOKEN_MINUTES}, 15 by default).
 *
 * <p>Which directory person an account is: in the local directory our own user id (an administrator put that very
 * account in the group). In Entra, the directory user whose e-mail is the account's, and only for accounts of the
 * platform tenant: this server does not verify the e-mail of a self-registered account, nor of one a customer's
 * tenant admin invites, so matching those by address would let anyone claim a staff member's groups.
 *
 * <p>A directory that fails (down, throttling, refusing) never locks anyone out: the account's own roles are used,
 * a WARN is logged (the kind and the directory's message, which never hold a secret) and
 * {@code familiar_directory_role_lookup_failures_total} counts it. Thread-safe.
 */
public final class EffectiveRoles {
    private static final Logger LOG = LoggerFactory.getLogger(EffectiveRoles.class);

    private final Directory directory;
    private final GroupRoles groupRoles;
    private final BooleanSupplier anyMappings;
    private final Counter failures;

    public EffectiveRoles(Directory directory, MappedGroupRoles groupRoles, MeterRegistry metrics) {
        this(directory, groupRoles, groupRoles::grantsAnything, metrics);
    }

    EffectiveRoles(Directory directory, GroupRoles groupRoles, BooleanSupplier anyMappings, MeterRegistry metrics) {
        this.directory = directory;
        this.groupRoles = groupRoles;
        this.anyMappings = anyMappings;
        this.failures = Counter.builder("familiar.directory.role.lookup.failures")
                .description("Sign-ins that got only their account's roles because the directory or the role "
                        + "mappings could not be read")
                .register(metrics);
    }

    /** The roles of our account {@code userId} (of {@code tenantId}, with {@code email}, holding {@code accountRoles}). */
    public Set<Role> of(String userId, String tenantId, Optional<String> email, Set<Role> accountRoles) {
        try {
            if (!anyMappings.getAsBoolean()) {
                return Set.copyOf(accountRoles);
            }
            Optional<String> person = personOf(userId, tenantId, email);
            if (person.isEmpty()) {
                return Set.copyOf(accountRoles);
            }
            return union(accountRoles, groupRoles.rolesOf(directory.groupIdsOf(person.get())));
        } catch (DirectoryException e) {
            return fallBack(userId, accountRoles, e.kind() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return fallBack(userId, accountRoles, e.getClass().getSimpleName());
        }
    }

    /**
     * The roles of someone signing in as the directory person {@code directoryUserId} (a verified Entra sign-in),
     * whose account holds {@code accountRoles}; the same fallback as {@link #of}.
     */
    public Set<Role> ofDirectoryPerson(String directoryUserId, Set<Role> accountRoles) {
        try {
            if (!anyMappings.getAsBoolean()) {
                return Set.copyOf(accountRoles);
            }
            return union(accountRoles, groupRoles.rolesOf(directory.groupIdsOf(directoryUserId)));
        } catch (DirectoryException e) {
            return fallBack(directoryUserId, accountRoles, e.kind() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return fallBack(directoryUserId, accountRoles, e.getClass().getSimpleName());
        }
    }

    private Optional<String> personOf(String userId, String tenantId, Optional<String> email)
            throws DirectoryException {
        if (directory.mode() == DirectoryMode.LOCAL) {
            return Optional.of(userId);
        }
        if (!AdminBootstrap.PLATFORM_TENANT_ID.equals(tenantId) || email.isEmpty()) {
            return Optional.empty();
        }
        return directory.userByEmail(email.get()).map(Person::id);
    }

    private Set<Role> fallBack(String who, Set<Role> accountRoles, String why) {
        failures.increment();
        LOG.warn("Directory roles not applied to {}: the directory or the role mappings could not be read ({}); "
                + "signed in with the account's own roles", who, why);
        return Set.copyOf(accountRoles);
    }

    private static Set<Role> union(Set<Role> accountRoles, Set<Role> granted) {
        Set<Role> all = accountRoles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(accountRoles);
        all.addAll(granted);
        return Set.copyOf(all);
    }
}
