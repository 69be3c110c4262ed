package dev.familiar.server.users.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.UserStatus;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.users.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
 * The last active ADMIN of the platform can never be demoted, locked or deleted (409), also when two changes race on
 * the last two admins: exactly one of them wins, every time.
 */
@Tag("storage")
class LastAdminTest {
    @TempDir
    Path tempDir;
    FamiliarServer server;
    UserFixture fixture;
    Account root;
    FamiliarClient asRoot;

    @BeforeEach
    void start() {
        server = TestServers.start(tempDir);
        fixture = new UserFixture(server);
        root = fixture.identity.admin();
        asRoot = fixture.client(root);
    }

    @AfterEach
    void stop() {
        asRoot.close();
        server.stop();
    }

    private static void assertLastAdmin(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains("last active ADMIN");
        });
    }

    @Test
    void theOnlyAdminCanBeNeitherDemotedNorLockedNorDeleted() throws Exception {
        assertLastAdmin(() -> asRoot.users().update(root.userId(), UserUpdate.roles(List.of("USER", "TENANT_ADMIN"))));
        assertLastAdmin(() -> asRoot.users().lock(root.userId()));
        assertLastAdmin(() -> asRoot.users().delete(root.userId()));

        UserView unchanged = asRoot.users().get(root.userId());
        assertThat(unchanged.roles()).containsExactly("ADMIN");
        assertThat(unchanged.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(UserAdminRoutesTest.count("SELECT COUNT(*) FROM audit_log WHERE outcome = 'DENIED' AND target = ?",
                fixture.identity.dataSource(), root.userId())).isEqualTo(3);
    }

    @Test
    void lockedInvitedAndDeletedAdminsDoNotCountAsActive() throws Exception {
        String locked = fixture.create("admin-locked", UserFixture.PLATFORM_TENANT, Role.ADMIN);
        fixture.create("admin-invited", UserFixture.PLATFORM_TENANT, User.INVITED, Role.ADMIN);
        String deleted = fixture.create("admin-deleted", UserFixture.PLATFORM_TENANT, Role.ADMIN);
        asRoot.users().lock(locked);
        asRoot.users().delete(deleted);

        assertLastAdmin(() -> asRoot.users().lock(root.userId()));

        asRoot.users().unlock(locked);
        assertThat(asRoot.users().lock(root.userId()).status()).as("another active ADMIN exists now")
                .isEqualTo(UserStatus.LOCKED);
    }

    @Test
    void withTwoAdminsOneMayGoAndThenTheOtherIsTheLast() throws Exception {
        Account second = fixture.login("admin-second", UserFixture.PLATFORM_TENANT, Role.ADMIN);

        assertThat(asRoot.users().update(root.userId(), UserUpdate.roles(List.of("USER"))).roles()).containsExactly("USER");

        try (FamiliarClient asSecond = fixture.client(second)) {
            assertLastAdmin(() -> asSecond.users().update(second.userId(), UserUpdate.roles(List.of("USER"))));
            assertThat(asSecond.users().update(root.userId(), UserUpdate.roles(List.of("ADMIN"))).roles())
                    .containsExactly("ADMIN");
            assertThat(asSecond.users().delete(second.userId()).status()).isEqualTo(UserStatus.DELETED);
        }
        assertLastAdmin(() -> asRoot.users().delete(root.userId()));
    }

    @Test
    void twoConcurrentChangesOfTheLastTwoAdminsNeverBothSucceed() throws Exception {
        Account other = fixture.login("admin-racer", UserFixture.PLATFORM_TENANT, Role.ADMIN);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FamiliarClient asOther = fixture.client(other)) {
            for (int round = 0; round < 8; round++) {
                // Each admin demotes or locks themselves (a locked caller's token is refused, so neither acts on the
                // other); alternate demotion and lock.
                boolean lock = round % 2 == 1;
                Callable<UserView> first = () -> lock ? asRoot.users().lock(root.userId())
                        : asRoot.users().update(root.userId(), UserUpdate.roles(List.of("USER")));
                Callable<UserView> second = () -> lock ? asOther.users().lock(other.userId())
                        : asOther.users().update(other.userId(), UserUpdate.roles(List.of("USER")));

                List<Object> results = race(pool, first, second);

                long won = results.stream().filter(r -> r instanceof UserView).count();
                long conflicts = results.stream().filter(r -> r instanceof ApiError e && e.status() == 409).count();
                assertThat(won).as("round %d: %s", round, results).isEqualTo(1);
                assertThat(conflicts).as("round %d: %s", round, results).isEqualTo(1);
                boolean rootWent = results.get(0) instanceof UserView;
                FamiliarClient stayed = rootWent ? asOther : asRoot;
                List<UserView> admins = stayed.users().list(dev.familiar.model.users.UserQuery.all()
                        .withRole("ADMIN").withStatus(UserStatus.ACTIVE)).items();
                assertThat(admins).as("round %d leaves exactly one active ADMIN", round).hasSize(1);
                // The one who went is restored by the one who stayed, for the next round.
                stayed.users().update(rootWent ? root.userId() : other.userId(), new UserUpdate(List.of("ADMIN"), false));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs both calls at once; each result is the answer or the ApiError it threw. */
    private static List<Object> race(ExecutorService pool, Callable<UserView> a, Callable<UserView> b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<UserView> call : List.of(a, b)) {
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    return call.call();
                } catch (ApiError e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<Object> out = new ArrayList<>();
        for (Future<Object> f : futures) {
            out.add(f.get());
        }
        return out;
    }
}
