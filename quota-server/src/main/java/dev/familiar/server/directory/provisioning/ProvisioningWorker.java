package dev.familiar.server.directory.provisioning;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.directory.provisioning.MembershipChange.Done;
import dev.familiar.server.directory.provisioning.MembershipChange.Failed;
import dev.familiar.server.directory.provisioning.MembershipChange.Result;
import dev.familiar.server.directory.provisioning.MembershipChange.RetryLater;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Status;
import dev.familiar.server.observability.Redactor;
import dev.familiar.server.worker.PollingThread;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes provisioning jobs in the background, on every server: each round it claims due jobs with a lease
 * ({@link ProvisioningJobs#claimDue}), makes the change ({@link MembershipChange}) and finishes the job. A passing
 * failure (THROTTLED, UNAVAILABLE, an unexpected error) is tried again after the directory's Retry-After or an
 * exponential backoff ({@link Settings#firstBackoff()} doubled per attempt, at most {@link Settings#maxBackoff()});
 * after {@link Settings#maxAttempts()} attempts, or at once for a permanent error, the job is FAILED with its error.
 * Every DONE and FAILED is audited ({@code directory.provisioning.add|remove}) in the transaction that ends the job.
 *
 * <p>Several servers: a job is claimed by one worker at a time, so it is executed once unless a lease runs out in
 * the middle of a call (then a second execution finds the change made: idempotent, DONE once, audited once).
 */
public final class ProvisioningWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningWorker.class);
    static final String ACTOR = "provisioning";
    static final int BATCH = 20;

    /**
     * @param retryAfterCap the longest Retry-After we wait (a directory asking for hours is waited on for this long)
     */
    public record Settings(Duration poll, Duration lease, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                           Duration retryAfterCap) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(60), 8,
                Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(30));
    }

    private final ProvisioningJobs jobs;
    private final MembershipChange change;
    private final Settings settings;
    private final Clock clock;
    private final PollingThread loop;

    /** A worker that is not running yet: {@link #start()} it, or call {@link #drainOnce()} (tests). */
    public ProvisioningWorker(ProvisioningJobs jobs, MembershipChange change, Settings settings, Clock clock) {
        this.jobs = jobs;
        this.change = change;
        this.settings = settings;
        this.clock = clock;
        this.loop = new PollingThread("directory-provisioning", settings.poll(), this::drainOnce);
    }

    public ProvisioningWorker start() {
        loop.start();
        return this;
    }

    /** Jobs are waiting: look now rather than at the next poll. */
    public void nudge() {
        loop.nudge();
    }

    /** Works every due job once; answers how many this worker worked. Used by the thread and by tests. */
    public int drainOnce() throws Exception {
        int worked = 0;
        List<ClaimedJob> due;
        do {
            due = jobs.claimDue(BATCH, settings.lease());
            for (ClaimedJob claimed : due) {
                if (!loop.running()) {
                    jobs.release(claimed);
                    continue;
                }
                work(claimed);
                worked++;
            }
            // Until nothing is claimable: a short batch may only mean another worker took part of it.
        } while (!due.isEmpty() && loop.running());
        return worked;
    }

    private void work(ClaimedJob claimed) throws Exception {
        ProvisioningJob job = claimed.job();
        Result result;
        try {
            result = change.apply(job);
        } catch (RuntimeException e) {
            result = new RetryLater(e.getClass().getSimpleName() + ": " + e.getMessage(), java.util.Optional.empty());
        }
        if (result instanceof Done done) {
            if (jobs.finish(claimed, Status.DONE, done.outcome(), null, entry(job, AuditEntry.Outcome.SUCCESS))) {
                LOG.info("Provisioning job {} {} {} in group {}: done ({}) after {} attempt(s)", job.id(),
                        job.action(), job.userId(), job.groupId(), done.outcome(), job.attempts());
            }
        } else if (result instanceof Failed failed) {
            giveUp(claimed, Redactor.redact(failed.error()));
        } else if (result instanceof RetryLater later) {
            String error = Redactor.redact(later.error());
            if (job.attempts() >= settings.maxAttempts()) {
                giveUp(claimed, error + " (gave up after " + job.attempts() + " attempts)");
                return;
            }
            Duration wait = wait(job.attempts(), later);
            if (jobs.retryAt(claimed, error, clock.instant().plus(wait))) {
                LOG.warn("Provisioning job {} {} {} in group {}: attempt {} failed, trying again in {} s: {}",
                        job.id(), job.action(), job.userId(), job.groupId(), job.attempts(), wait.toSeconds(), error);
            }
        }
    }

    private void giveUp(ClaimedJob claimed, String error) throws Exception {
        ProvisioningJob job = claimed.job();
        if (jobs.finish(claimed, Status.FAILED, null, error, entry(job, AuditEntry.Outcome.FAILURE))) {
            LOG.error("Provisioning job {} {} {} in group {} FAILED after {} attempt(s): {}", job.id(), job.action(),
                    job.userId(), job.groupId(), job.attempts(), error);
        }
    }

    /** The directory's Retry-After when it gave one (capped), else the backoff of this attempt. */
    Duration wait(int attempts, RetryLater later) {
        if (later.retryAfter().isPresent() && !later.retryAfter().get().isNegative()) {
            Duration asked = later.retryAfter().get();
            return asked.compareTo(settings.retryAfterCap()) > 0 ? settings.retryAfterCap() : asked;
        }
        return backoff(attempts);
    }

    /** {@link Settings#firstBackoff()} doubled for each attempt after the first, at most {@link Settings#maxBackoff()}. */
    Duration backoff(int attempts) {
        Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private static AuditEntry entry(ProvisioningJob job, AuditEntry.Outcome outcome) {
        String target = job.groupId() + "/" + job.userId();
        return new AuditEntry(job.tenantId(), ACTOR, job.auditAction(),
                target.length() > 200 ? target.substring(0, 200) : target, outcome, job.requestId().orElse(null), null);
    }

    /** Stops after the job in progress (never interrupted inside a database write). */
    @Override
    public void close() {
        loop.close();
    }
}
