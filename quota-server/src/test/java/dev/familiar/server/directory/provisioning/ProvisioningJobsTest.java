package dev.familiar.server.directory.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Action;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Status;
import dev.familiar.server.directory.provisioning.ProvisioningJobs.Membership;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job store on H2 and PostgreSQL: queued in the caller's transaction, leases with tokens, removals queued once. */
@Tag("storage")
class ProvisioningJobsTest {
    static final Instant START = Instant.parse("2026-05-01T09:00:00Z");

    @TempDir
    Path tempDir;
    Database database;
    DataSource ds;
    MutableClock clock = new MutableClock(START);
    ProvisioningJobs jobs;
    final String tenant = UUID.randomUUID().toString();

    @BeforeEach
    void open() {
        database = Database.open(TestServers.config(tempDir));
        ds = database.dataSource();
        jobs = new ProvisioningJobs(ds, new AuditLog(ds, clock), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Membership owner(String group) {
        return new Membership("user-1", "owner@acme.example", group, Optional.of("starter"));
    }

    static AuditEntry entry() {
        return new AuditEntry(null, "provisioning", "directory.provisioning.add", "g/u", AuditEntry.Outcome.SUCCESS,
                null, null);
    }

    long auditCount() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = 'directory.provisioning.add'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aJobQueuedInARolledBackTransactionDoesNotExist() throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            jobs.enqueue(c, tenant, owner("g1"), Action.ADD, "req-1");
            c.rollback();
        }
        assertThat(jobs.ofTenant(tenant)).isEmpty();
        assertThat(jobs.claimDue(10, Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void aWorkerWhoseLeaseRanOutCannotFinishTheJobItsSuccessorHolds() throws Exception {
        try (Connection c = ds.getConnection()) {
            jobs.enqueue(c, tenant, owner("g1"), Action.ADD, "req-1");
        }
        ClaimedJob first = jobs.claimDue(10, Duration.ofSeconds(30)).get(0);
        assertThat(jobs.claimDue(10, Duration.ofSeconds(30))).as("leased").isEmpty();
        clock.advance(Duration.ofSeconds(31));
        ClaimedJob second = jobs.claimDue(10, Duration.ofSeconds(30)).get(0);
        assertThat(second.job().attempts()).isEqualTo(2);

        assertThat(jobs.finish(first, Status.DONE, "added", null, entry())).isFalse();
        assertThat(jobs.retryAt(first, "late", clock.instant())).isFalse();
        assertThat(auditCount()).isZero();
        assertThat(jobs.finish(second, Status.DONE, "already a member", null, entry())).isTrue();
        assertThat(auditCount()).isEqualTo(1);
        ProvisioningJob done = jobs.find(first.job().id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Status.DONE);
        assertThat(done.outcome()).contains("already a member");
    }

    @Test
    void aReleasedJobIsDueAgainWithItsAttemptNotCounted() throws Exception {
        try (Connection c = ds.getConnection()) {
            jobs.enqueue(c, tenant, owner("g1"), Action.ADD, "req-1");
        }
        jobs.release(jobs.claimDue(10, Duration.ofMinutes(1)).get(0));
        List<ClaimedJob> again = jobs.claimDue(10, Duration.ofMinutes(1));
        assertThat(again).singleElement().satisfies(j -> assertThat(j.job().attempts()).isEqualTo(1));
    }

    @Test
    void anEndedSubscriptionUndoesEachAddOnceWhateverTheStatusOfTheAdd() throws Exception {
        try (Connection c = ds.getConnection()) {
            jobs.enqueue(c, tenant, owner("g1"), Action.ADD, "req-1");
            jobs.enqueue(c, tenant, owner("g2"), Action.ADD, "req-1");
            jobs.enqueue(c, UUID.randomUUID().toString(), owner("g3"), Action.ADD, "req-2");
        }
        PlanGroupProvisioning provisioning = new PlanGroupProvisioning(jobs, null, () -> { });
        try (Connection c = ds.getConnection()) {
            assertThat(provisioning.ended(c, tenant, "cancel-1")).isEqualTo(2);
            assertThat(provisioning.ended(c, tenant, "cancel-2")).as("the same end applied again").isZero();
        }
        assertThat(jobs.ofTenant(tenant)).extracting(j -> j.action() + " " + j.groupId() + " " + j.requestId().orElse(""))
                .containsExactly("ADD g1 req-1", "ADD g2 req-1", "REMOVE g1 cancel-1", "REMOVE g2 cancel-1");
    }

    @Test
    void listsTheNewestJobsFirstByStatus() throws Exception {
        try (Connection c = ds.getConnection()) {
            jobs.enqueue(c, tenant, owner("g1"), Action.ADD, "req-1");
            jobs.enqueue(c, tenant, owner("g2"), Action.ADD, "req-1");
        }
        ClaimedJob claimed = jobs.claimDue(1, Duration.ofMinutes(1)).get(0);
        jobs.finish(claimed, Status.FAILED, null, "boom", entry());

        assertThat(jobs.list(Optional.empty(), 10)).extracting(ProvisioningJob::groupId).containsExactly("g2", "g1");
        assertThat(jobs.list(Optional.of(Status.FAILED), 10)).singleElement()
                .satisfies(j -> assertThat(j.lastError()).contains("boom"));
        assertThat(jobs.list(Optional.of(Status.PENDING), 10)).extracting(ProvisioningJob::groupId).containsExactly("g2");
    }
}
