package dev.familiar.server.directory.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.auth.Role;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.DirectoryMode;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Action;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Status;
import dev.familiar.server.directory.Person;
import dev.familiar.server.directory.local.LocalDirectory;
import dev.familiar.server.directory.provisioning.ProvisioningJobs.Membership;
import dev.familiar.server.testing.MutableClock;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioning worker over real storage (H2, and PostgreSQL in the storage run): jobs are executed idempotently,
 * retried after the directory's Retry-After or an exponential backoff, FAILED after the last attempt, audited once,
 * executed in order per membership, and executed once when two workers race over them. The local directory (our
 * accounts, the same database) is the directory, wrapped to throttle and count; an in-memory stand-in for Entra
 * covers finding the owner by e-mail.
 */
@Tag("storage")
class ProvisioningWorkerTest {
    static final Instant START = Instant.parse("2026-05-01T09:00:00Z");
    static final ProvisioningWorker.Settings SETTINGS = new ProvisioningWorker.Settings(Duration.ofSeconds(1),
            Duration.ofSeconds(60), 4, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(10));

    @TempDir
    Path tempDir;
    Database database;
    DataSource ds;
    MutableClock clock = new MutableClock(START);
    ProvisioningJobs jobs;
    InMemoryDirectory entra = new InMemoryDirectory(DirectoryMode.ENTRA);
    LocalDirectory local;
    UserStore users;
    final String tenant = UUID.randomUUID().toString();
    final String ownerUserId = UUID.randomUUID().toString();

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        ds = database.dataSource();
        jobs = new ProvisioningJobs(ds, new AuditLog(ds, clock), clock);
        local = new LocalDirectory(ds, clock);
        users = new UserStore(ds);
    }

    /** An account of ours: a person of the local directory. */
    String account(String username) throws Exception {
        User user = new User(UUID.randomUUID().toString(), UUID.randomUUID().toString(), username,
                Optional.of(username + "@example.com"), "x", EnumSet.of(Role.TENANT_ADMIN), false, START);
        users.createWithTenant("org of " + username, user);
        return user.id();
    }

    List<String> localMembers(String group) throws Exception {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            var page = local.members(group, cursor, Directory.MAX_PAGE);
            page.items().stream().map(Person::id).forEach(out::add);
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        return out;
    }

    @AfterEach
    void close() {
        database.close();
    }

    ProvisioningWorker worker(Directory directory) {
        return new ProvisioningWorker(jobs, new MembershipChange(directory), SETTINGS, clock);
    }

    String enqueue(String userId, String email, String groupId, Action action) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return jobs.enqueue(c, tenant, new Membership(userId, email, groupId, Optional.of("starter")), action,
                    "req-" + action);
        }
    }

    ProvisioningJob job(String id) throws SQLException {
        return jobs.find(id).orElseThrow();
    }

    List<String> audit(String action) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT outcome, target, actor, tenant_id, request_id "
                     + "FROM audit_log WHERE action = ? ORDER BY created_at")) {
            ps.setString(1, action);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4)
                            + " " + rs.getString(5));
                }
            }
            return out;
        }
    }

    @Test
    void anEntraOwnerIsFoundByEmailAddedOnceAndTheAdditionAudited() throws Exception {
        String group = entra.newGroup("Starter subscribers");
        String person = entra.person("Founder", "founder@acme.example");
        String id = enqueue(ownerUserId, "Founder@Acme.example", group, Action.ADD);

        assertThat(worker(entra).drainOnce()).isEqualTo(1);

        assertThat(entra.membersOf(group)).containsExactly(person);
        ProvisioningJob done = job(id);
        assertThat(done.status()).isEqualTo(Status.DONE);
        assertThat(done.outcome()).contains("added");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(audit("directory.provisioning.add"))
                .containsExactly("SUCCESS " + group + "/" + ownerUserId + " provisioning " + tenant + " req-ADD");
        assertThat(worker(entra).drainOnce()).as("a DONE job is not worked again").isZero();
    }

    @Test
    void addingSomeoneAlreadyInTheGroupAndRemovingSomeoneNotInItAreDone() throws Exception {
        String person = entra.person("Founder", "founder@acme.example");
        String group = entra.newGroup("Starter subscribers", person);
        String other = entra.newGroup("Pro subscribers");
        String add = enqueue(ownerUserId, "founder@acme.example", group, Action.ADD);
        String remove = enqueue(ownerUserId, "founder@acme.example", other, Action.REMOVE);

        assertThat(worker(entra).drainOnce()).isEqualTo(2);

        assertThat(job(add).status()).isEqualTo(Status.DONE);
        assertThat(job(add).outcome()).contains("already a member");
        assertThat(job(remove).status()).isEqualTo(Status.DONE);
        assertThat(job(remove).outcome().orElseThrow()).startsWith("not a member");
        assertThat(entra.membersOf(group)).containsExactly(person);
        assertThat(entra.membersOf(other)).isEmpty();
    }

    @Test
    void anOwnerUnknownToEntraFailsAtOnceWithAClearErrorAndIsAudited() throws Exception {
        String group = entra.newGroup("Starter subscribers");
        String id = enqueue(ownerUserId, "nobody@acme.example", group, Action.ADD);

        worker(entra).drainOnce();

        ProvisioningJob failed = job(id);
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("No user with the e-mail address nobody@acme.example in the entra directory");
        assertThat(audit("directory.provisioning.add")).singleElement().asString().startsWith("FAILURE ");
    }

    @Test
    void aGroupDeletedMeanwhileFailsTheAddButNotTheRemove() throws Exception {
        entra.person("Founder", "founder@acme.example");
        String add = enqueue(ownerUserId, "founder@acme.example", "no-such-group", Action.ADD);
        String remove = enqueue(UUID.randomUUID().toString(), "founder@acme.example", "no-such-group", Action.REMOVE);

        worker(entra).drainOnce();

        assertThat(job(add).status()).isEqualTo(Status.FAILED);
        assertThat(job(add).lastError()).contains("The group no-such-group does not exist in the entra directory");
        assertThat(job(remove).status()).isEqualTo(Status.DONE);
    }

    @Test
    void aThrottledDirectoryIsAskedAgainAfterItsRetryAfterAndTheJobEndsDone() throws Exception {
        String group = local.create("Starter subscribers", Optional.empty()).id();
        String owner = account("founder");
        FlakyDirectory throttled = new FlakyDirectory(local, 2, DirectoryException.Kind.THROTTLED,
                Optional.of(Duration.ofSeconds(7)));
        ProvisioningWorker worker = worker(throttled);
        String id = enqueue(owner, "founder@example.com", group, Action.ADD);

        assertThat(worker.drainOnce()).isEqualTo(1);
        ProvisioningJob waiting = job(id);
        assertThat(waiting.status()).isEqualTo(Status.PENDING);
        assertThat(waiting.nextAttemptAt()).isEqualTo(START.plusSeconds(7));
        assertThat(waiting.lastError()).contains("Microsoft Graph is throttled (test)");
        clock.advance(Duration.ofSeconds(6));
        assertThat(worker.drainOnce()).as("not before Retry-After").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(worker.drainOnce()).isEqualTo(1);
        assertThat(job(id).status()).isEqualTo(Status.PENDING);
        assertThat(localMembers(group)).isEmpty();
        clock.advance(Duration.ofSeconds(7));
        assertThat(worker.drainOnce()).isEqualTo(1);

        ProvisioningJob done = job(id);
        assertThat(done.status()).isEqualTo(Status.DONE);
        assertThat(done.outcome()).contains("added");
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(throttled.refused).hasValue(2);
        assertThat(localMembers(group)).containsExactly(owner);
        assertThat(audit("directory.provisioning.add")).as("one entry for the completion, none for the retries")
                .containsExactly("SUCCESS " + group + "/" + owner + " provisioning " + tenant + " req-ADD");
    }

    @Test
    void withoutRetryAfterTheWaitDoublesAndAJobPastItsLastAttemptIsFailedAndAudited() throws Exception {
        String owner = account("leaver");
        String group = local.create("Starter subscribers", Optional.empty()).id();
        local.addMembers(group, List.of(owner));
        FlakyDirectory down = new FlakyDirectory(local, 100, DirectoryException.Kind.UNAVAILABLE, Optional.empty());
        ProvisioningWorker worker = worker(down);
        String id = enqueue(owner, "leaver@example.com", group, Action.REMOVE);

        List<Duration> waits = new ArrayList<>();
        for (int attempt = 1; attempt < SETTINGS.maxAttempts(); attempt++) {
            assertThat(worker.drainOnce()).isEqualTo(1);
            ProvisioningJob waiting = job(id);
            assertThat(waiting.status()).isEqualTo(Status.PENDING);
            Duration wait = Duration.between(clock.instant(), waiting.nextAttemptAt());
            waits.add(wait);
            clock.advance(wait);
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(worker.drainOnce()).isEqualTo(1);

        ProvisioningJob failed = job(id);
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(SETTINGS.maxAttempts());
        assertThat(failed.lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains("Microsoft Graph is unavailable (test)").contains("gave up after 4 attempts"));
        assertThat(audit("directory.provisioning.remove")).containsExactly(
                "FAILURE " + group + "/" + owner + " provisioning " + tenant + " req-REMOVE");
        clock.advance(Duration.ofHours(1));
        assertThat(worker.drainOnce()).as("a FAILED job is not tried again").isZero();
        assertThat(down.refused).hasValue(SETTINGS.maxAttempts());
        assertThat(localMembers(group)).as("still a member: nothing was removed").containsExactly(owner);
    }

    @Test
    void theBackoffIsBoundedAndAnExcessiveRetryAfterIsCapped() {
        ProvisioningWorker worker = worker(entra);
        assertThat(worker.backoff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(worker.backoff(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(worker.backoff(5)).isEqualTo(SETTINGS.maxBackoff());
        assertThat(worker.backoff(60)).isEqualTo(SETTINGS.maxBackoff());
        assertThat(worker.wait(1, new MembershipChange.RetryLater("busy", Optional.of(Duration.ofDays(1)))))
                .isEqualTo(SETTINGS.retryAfterCap());
    }

    @Test
    void aRemoveWaitsForTheAddOfTheSameMembershipQueuedBeforeIt() throws Exception {
        String group = local.create("Starter subscribers", Optional.empty()).id();
        String owner = account("short-lived");
        FlakyDirectory throttled = new FlakyDirectory(local, 1, DirectoryException.Kind.THROTTLED,
                Optional.of(Duration.ofSeconds(5)));
        ProvisioningWorker worker = worker(throttled);
        String add = enqueue(owner, "short-lived@example.com", group, Action.ADD);
        String remove = enqueue(owner, "short-lived@example.com", group, Action.REMOVE);

        assertThat(worker.drainOnce()).as("only the ADD: the REMOVE waits behind it").isEqualTo(1);
        assertThat(job(remove).attempts()).isZero();
        clock.advance(Duration.ofSeconds(5));
        worker.drainOnce();
        worker.drainOnce();

        assertThat(job(add).status()).isEqualTo(Status.DONE);
        assertThat(job(remove).status()).isEqualTo(Status.DONE);
        assertThat(job(remove).outcome()).contains("removed");
        assertThat(localMembers(group)).isEmpty();
    }

    @Test
    void twoWorkersRacingOverTheSameJobsExecuteEachJobOnce() throws Exception {
        String group = local.create("Starter subscribers", Optional.empty()).id();
        int n = 120;
        List<String> owners = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String owner = account("racer-" + i);
            owners.add(owner);
            ids.add(enqueue(owner, "racer-" + i + "@example.com", group, Action.ADD));
        }
        FlakyDirectory counting = new FlakyDirectory(local, 0, DirectoryException.Kind.THROTTLED, Optional.empty());
        // Each worker's first call waits until the other has one in flight too: both hold claimed batches at once,
        // so the race is real on every backend (otherwise one worker may drain all before the other starts).
        java.util.concurrent.CountDownLatch bothInFlight = new java.util.concurrent.CountDownLatch(2);
        ThreadLocal<Boolean> started = ThreadLocal.withInitial(() -> false);
        counting.beforeChange = () -> {
            if (!started.get()) {
                started.set(true);
                bothInFlight.countDown();
                try {
                    assertThat(bothInFlight.await(60, TimeUnit.SECONDS)).as("the other worker started").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ProvisioningWorker a = worker(counting);
        ProvisioningWorker b = worker(counting);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int workedA;
        int workedB;
        try {
            Future<Integer> byA = pool.submit(() -> {
                start.await();
                return a.drainOnce();
            });
            Future<Integer> byB = pool.submit(() -> {
                start.await();
                return b.drainOnce();
            });
            workedA = byA.get(120, TimeUnit.SECONDS);
            workedB = byB.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(workedA + workedB).as("each job claimed by exactly one worker").isEqualTo(n);
        assertThat(workedA).as("worker A took part").isPositive();
        assertThat(workedB).as("worker B took part").isPositive();
        for (String owner : owners) {
            assertThat(counting.changes.get(group + "/" + owner)).as("directory calls for " + owner).hasValue(1);
        }
        assertThat(localMembers(group)).containsExactlyInAnyOrderElementsOf(owners);
        for (String id : ids) {
            ProvisioningJob done = job(id);
            assertThat(done.status()).isEqualTo(Status.DONE);
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.outcome()).contains("added");
        }
        assertThat(audit("directory.provisioning.add")).hasSize(n);
    }
}
