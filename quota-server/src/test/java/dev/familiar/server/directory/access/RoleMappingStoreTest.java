package dev.familiar.server.directory.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.db.Database;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapping table on real storage (H2, and PostgreSQL through the storage run): a replacement is the whole set,
 * concurrent replacements leave exactly one writer's set, a deleted group's mappings go, and {@link MappedGroupRoles}
 * reads the table again after a write here and within its 10 s bound after a write elsewhere.
 */
@Tag("storage")
class RoleMappingStoreTest {
    static final Instant NOW = Instant.parse("2030-03-01T10:00:00Z");

    @TempDir
    Path tempDir;
    Database database;
    RoleMappingStore store;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        store = new RoleMappingStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aReplacementStoresExactlyTheNewSetAndCountsTheOldOne() throws Exception {
        assertThat(store.replace(List.of(new GroupRole("grp_a", Role.PROMPT_ENGINEER),
                new GroupRole("grp_a", Role.BILLING_ADMIN), new GroupRole("grp_b", Role.ADMIN)), "u1", NOW)).isZero();

        int before = store.replace(List.of(new GroupRole("grp_c", Role.TENANT_ADMIN)), "u2", NOW);

        assertThat(before).isEqualTo(3);
        assertThat(store.list()).containsExactly(new GroupRole("grp_c", Role.TENANT_ADMIN));
        assertThat(store.replace(List.of(), "u2", NOW)).isEqualTo(1);
        assertThat(store.list()).isEmpty();
        assertThat(store.version()).isEqualTo(3);
    }

    @Test
    void forgettingAGroupRemovesOnlyItsMappings() throws Exception {
        store.replace(List.of(new GroupRole("grp_a", Role.PROMPT_ENGINEER), new GroupRole("grp_a", Role.ADMIN),
                new GroupRole("grp_b", Role.BILLING_ADMIN)), "u1", NOW);

        assertThat(store.forgetGroup("grp_a", "u1", NOW)).isEqualTo(2);
        assertThat(store.forgetGroup("grp_a", "u1", NOW)).isZero();
        assertThat(store.list()).containsExactly(new GroupRole("grp_b", Role.BILLING_ADMIN));
    }

    @Test
    void concurrentReplacementsLeaveOneWholeSetNeverAMix() throws Exception {
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 10; round++) {
                List<List<GroupRole>> sets = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    // overlapping ids: without the set lock two writers' inserts collide or interleave
                    sets.add(List.of(new GroupRole("grp_shared", Role.PROMPT_ENGINEER),
                            new GroupRole("grp_w" + w, Role.BILLING_ADMIN), new GroupRole("grp_w" + w, Role.ADMIN)));
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> done = new ArrayList<>();
                for (List<GroupRole> set : sets) {
                    done.add(pool.submit(() -> {
                        go.await();
                        return store.replace(set, "racer", NOW);
                    }));
                }
                go.countDown();
                for (Future<Integer> f : done) {
                    assertThat(f.get()).as("each writer saw one whole set before it").isIn(0, 3);
                }
                List<GroupRole> after = store.list();
                assertThat(sets.stream().map(Set::copyOf).toList()).contains(Set.copyOf(after));
            }
            assertThat(store.version()).isEqualTo(10L * writers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void groupRolesReadAgainAtOnceAfterAWriteHereAndWithinTenSecondsAfterOneElsewhere() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        MappedGroupRoles here = new MappedGroupRoles(store, clock);
        MappedGroupRoles otherServer = new MappedGroupRoles(store, clock);
        assertThat(here.rolesOf(Set.of("grp_a"))).isEmpty();
        assertThat(otherServer.grantsAnything()).isFalse();

        store.replace(List.of(new GroupRole("grp_a", Role.PROMPT_ENGINEER)), "u1", NOW);
        here.invalidate();

        assertThat(here.rolesOf(Set.of("grp_a", "grp_x"))).containsExactly(Role.PROMPT_ENGINEER);
        clock.advance(MappedGroupRoles.MAX_AGE.minusMillis(1));
        assertThat(otherServer.rolesOf(Set.of("grp_a"))).as("still the set it read").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(otherServer.rolesOf(Set.of("grp_a"))).containsExactly(Role.PROMPT_ENGINEER);
        assertThat(otherServer.grantsAnything()).isTrue();
    }

    @Test
    void groupRolesKeepTheLastSetWhileTheDatabaseDoesNotAnswer() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        store.replace(List.of(new GroupRole("grp_a", Role.BILLING_ADMIN)), "u1", NOW);
        MappedGroupRoles roles = new MappedGroupRoles(store, clock);
        assertThat(roles.rolesOf(Set.of("grp_a"))).containsExactly(Role.BILLING_ADMIN);

        database.close();
        clock.advance(Duration.ofMinutes(1));

        assertThat(roles.rolesOf(Set.of("grp_a"))).containsExactly(Role.BILLING_ADMIN);
    }
}
