package dev.familiar.server.directory.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.admin.AdminBootstrap;
import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.GroupRoles;
import dev.familiar.server.testing.CapturedLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Account roles plus mapped group roles, who "this account" is in each directory mode, and the fallback. */
class EffectiveRolesTest {
    static final String PLATFORM = AdminBootstrap.PLATFORM_TENANT_ID;
    static final Set<Role> USER = Set.of(Role.USER);

    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final Map<String, Set<Role>> mappings = new HashMap<>();
    final GroupRoles groupRoles = groupIds -> {
        Set<Role> out = EnumSet.noneOf(Role.class);
        groupIds.forEach(g -> out.addAll(mappings.getOrDefault(g, Set.of())));
        return out;
    };

    EffectiveRoles over(InMemoryDirectory directory) {
        return new EffectiveRoles(directory, groupRoles, () -> !mappings.isEmpty(), metrics);
    }

    double failures() {
        return metrics.get("familiar.directory.role.lookup.failures").counter().count();
    }

    @Test
    void inTheLocalDirectoryTheAccountIsItsOwnUserIdAndGetsItsGroupsRoles() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.LOCAL);
        String alice = UUID.randomUUID().toString();
        String engineers = directory.addGroup("Prompt Engineers", alice);
        String billing = directory.addGroup("Billing Admins");
        mappings.put(engineers, Set.of(Role.PROMPT_ENGINEER));
        mappings.put(billing, Set.of(Role.BILLING_ADMIN));

        Set<Role> roles = over(directory).of(alice, UUID.randomUUID().toString(), Optional.empty(), USER);

        assertThat(roles).containsExactlyInAnyOrder(Role.USER, Role.PROMPT_ENGINEER);
        directory.join(billing, alice);
        assertThat(over(directory).of(alice, PLATFORM, Optional.empty(), USER))
                .containsExactlyInAnyOrder(Role.USER, Role.PROMPT_ENGINEER, Role.BILLING_ADMIN);
    }

    @Test
    void inEntraAPlatformAccountIsTheDirectoryUserWithItsEmail() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.ENTRA);
        directory.person("entra-oid-1", "Ada@Example.com");
        String admins = directory.addGroup("Familiar Admins", "entra-oid-1");
        mappings.put(admins, Set.of(Role.ADMIN, Role.BILLING_ADMIN));

        assertThat(over(directory).of(UUID.randomUUID().toString(), PLATFORM, Optional.of("ada@example.com"), USER))
                .containsExactlyInAnyOrder(Role.USER, Role.ADMIN, Role.BILLING_ADMIN);
        assertThat(over(directory).of(UUID.randomUUID().toString(), PLATFORM, Optional.of("nobody@example.com"), USER))
                .containsExactly(Role.USER);
        assertThat(over(directory).of(UUID.randomUUID().toString(), PLATFORM, Optional.empty(), USER))
                .containsExactly(Role.USER);
    }

    @Test
    void inEntraAnAccountOfACustomersTenantNeverTakesADirectoryUsersGroupsByItsUnverifiedEmail() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.ENTRA);
        directory.person("entra-oid-1", "ada@example.com");
        mappings.put(directory.addGroup("Familiar Admins", "entra-oid-1"), Set.of(Role.ADMIN));

        Set<Role> roles = over(directory).of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Optional.of("ada@example.com"), USER);

        assertThat(roles).containsExactly(Role.USER);
        assertThat(directory.calls.get()).isZero();
    }

    @Test
    void aDirectoryDerivedPersonGetsItsGroupsRoles() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.ENTRA);
        mappings.put(directory.addGroup("Prompt Engineers", "entra-oid-9"), Set.of(Role.PROMPT_ENGINEER));

        assertThat(over(directory).ofDirectoryPerson("entra-oid-9", USER))
                .containsExactlyInAnyOrder(Role.USER, Role.PROMPT_ENGINEER);
    }

    @Test
    void withNoMappingsTheDirectoryIsNotAskedAtAll() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.LOCAL);
        directory.addGroup("Prompt Engineers", "u1");

        assertThat(over(directory).of("u1", PLATFORM, Optional.of("u1@example.com"), USER)).containsExactly(Role.USER);
        assertThat(directory.calls.get()).isZero();
    }

    @Test
    void aDirectoryThatFailsLeavesTheAccountsOwnRolesLogsAWarningAndCountsIt() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.ENTRA);
        directory.person("entra-oid-1", "ada@example.com");
        mappings.put(directory.addGroup("Familiar Admins", "entra-oid-1"), Set.of(Role.ADMIN));
        directory.failWith(DirectoryException.Kind.THROTTLED);
        Set<Role> own = Set.of(Role.USER, Role.TENANT_ADMIN);

        Set<Role> roles;
        try (CapturedLog log = new CapturedLog()) {
            roles = over(directory).of("acc-1", PLATFORM, Optional.of("ada@example.com"), own);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("WARN").contains("acc-1")
                    .contains("THROTTLED").doesNotContain("ada@example.com"));
        }

        assertThat(roles).isEqualTo(own);
        assertThat(failures()).isEqualTo(1.0);
    }

    @Test
    void unreadableMappingsLeaveTheAccountsOwnRolesToo() {
        InMemoryDirectory directory = new InMemoryDirectory(DirectoryMode.LOCAL);
        EffectiveRoles roles = new EffectiveRoles(directory, ids -> {
            throw new IllegalStateException("cannot read the directory role mappings");
        }, () -> true, metrics);

        assertThat(roles.of("u1", PLATFORM, Optional.empty(), USER)).containsExactly(Role.USER);
        assertThat(failures()).isEqualTo(1.0);
    }
}
