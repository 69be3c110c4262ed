package dev.familiar.server.directory.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing the mappings checks every group with the directory first (nothing is stored when one is unknown or the
 * directory cannot say), a listing still answers when the directory does not, and a deleted group's mappings go.
 * Real storage; the directory is a small in-memory one (the adapters have their own tests).
 */
@Tag("storage")
class RoleMappingAdministrationTest {
    @TempDir
    Path tempDir;
    Database database;
    RoleMappingStore store;
    MappedGroupRoles groupRoles;
    InMemoryDirectory directory;
    RoleMappingAdministration administration;
    String engineers;
    String billing;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        store = new RoleMappingStore(database.dataSource());
        MutableClock clock = new MutableClock(Instant.parse("2030-03-01T10:00:00Z"));
        groupRoles = new MappedGroupRoles(store, clock);
        directory = new InMemoryDirectory(DirectoryMode.LOCAL);
        engineers = directory.addGroup("Prompt Engineers");
        billing = directory.addGroup("Billing Admins");
        administration = new RoleMappingAdministration(store, groupRoles, directory, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aReplacementIsStoredAnsweredWithNamesAndGrantedAtOnce() throws Exception {
        assertThat(groupRoles.rolesOf(Set.of(engineers))).isEmpty();

        var outcome = administration.replace(List.of(new GroupRole(engineers, Role.PROMPT_ENGINEER),
                new GroupRole(billing, Role.BILLING_ADMIN)), "admin-1");

        var listed = listed();
        assertThat(outcome).isInstanceOfSatisfying(RoleMappingAdministration.Replaced.class, r -> {
            assertThat(r.before()).isZero();
            assertThat(r.mappings().items()).containsExactlyInAnyOrder(
                    new RoleMapping(engineers, "Prompt Engineers", "PROMPT_ENGINEER"),
                    new RoleMapping(billing, "Billing Admins", "BILLING_ADMIN"));
            assertThat(r.mappings()).as("answered as a GET answers").isEqualTo(listed);
        });
        assertThat(groupRoles.rolesOf(Set.of(engineers))).as("no 10 s wait on this server")
                .containsExactly(Role.PROMPT_ENGINEER);
    }

    @Test
    void anUnknownGroupStoresNothingAndIsNamed() throws Exception {
        administration.replace(List.of(new GroupRole(engineers, Role.PROMPT_ENGINEER)), "admin-1");

        var outcome = administration.replace(List.of(new GroupRole(billing, Role.BILLING_ADMIN),
                new GroupRole("grp_gone", Role.ADMIN)), "admin-1");

        assertThat(outcome).isEqualTo(new RoleMappingAdministration.UnknownGroups(Set.of("grp_gone")));
        assertThat(store.list()).containsExactly(new GroupRole(engineers, Role.PROMPT_ENGINEER));
    }

    @Test
    void aDirectoryThatCannotAnswerStoresNothingAndMapsTo502Or503() throws Exception {
        administration.replace(List.of(new GroupRole(engineers, Role.PROMPT_ENGINEER)), "admin-1");
        directory.failWith(DirectoryException.Kind.UNAVAILABLE);

        var outcome = administration.replace(List.of(new GroupRole(billing, Role.BILLING_ADMIN)), "admin-1");

        assertThat(outcome).isInstanceOfSatisfying(RoleMappingAdministration.DirectoryFailed.class, f -> {
            ApiError error = DirectoryErrors.toApiError(f.failure());
            assertThat(error.status()).isEqualTo(502);
            assertThat(error.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
        });
        assertThat(store.list()).containsExactly(new GroupRole(engineers, Role.PROMPT_ENGINEER));
        ApiError throttled = DirectoryErrors.toApiError(new DirectoryException(DirectoryException.Kind.THROTTLED,
                "slow down", Optional.of(Duration.ofSeconds(7)), null));
        assertThat(throttled.status()).isEqualTo(503);
        assertThat(throttled.details()).containsEntry("retryAfterSeconds", 7L);
        assertThat(DirectoryErrors.toApiError(new DirectoryException(DirectoryException.Kind.DENIED, "no")).status())
                .isEqualTo(502);
    }

    @Test
    void aListingAnswersWithoutNamesWhenTheDirectoryDoesNotAndAsksItOnlyOnce() throws Exception {
        String third = directory.addGroup("Third");
        administration.replace(List.of(new GroupRole(engineers, Role.PROMPT_ENGINEER),
                new GroupRole(billing, Role.BILLING_ADMIN), new GroupRole(third, Role.ADMIN)), "admin-1");
        directory.failWith(DirectoryException.Kind.UNAVAILABLE);
        int before = directory.calls.get();

        var listed = listed();

        assertThat(listed.items()).hasSize(3).allSatisfy(m -> assertThat(m.groupDisplayName()).isNull());
        assertThat(directory.calls.get() - before).isEqualTo(1);
    }

    @Test
    void aGroupThatIsGoneIsListedWithoutANameAndForgettingItRemovesItsMappings() throws Exception {
        administration.replace(List.of(new GroupRole(engineers, Role.PROMPT_ENGINEER),
                new GroupRole(billing, Role.BILLING_ADMIN), new GroupRole(billing, Role.ADMIN)), "admin-1");
        directory.forget(billing);

        assertThat(listed().items()).extracting(RoleMapping::groupDisplayName)
                .containsExactlyInAnyOrder("Prompt Engineers", null, null);
        assertThat(groupRoles.rolesOf(Set.of(billing))).containsExactlyInAnyOrder(Role.BILLING_ADMIN, Role.ADMIN);

        assertThat(administration.forgetGroup(billing)).isEqualTo(2);

        assertThat(listed().items()).containsExactly(new RoleMapping(engineers, "Prompt Engineers", "PROMPT_ENGINEER"));
        assertThat(groupRoles.rolesOf(Set.of(billing))).as("forgotten at once on this server").isEmpty();
    }

    private dev.familiar.model.directory.RoleMappings listed() throws Exception {
        return administration.list();
    }
}
