package dev.familiar.server.directory.provisioning;

import dev.familiar.server.catalog.PlanStore;
import dev.familiar.server.directory.provisioning.ProvisioningJob.Action;
import dev.familiar.server.directory.provisioning.ProvisioningJobs.Membership;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Provisioning} by the catalog: the group a plan names ({@code plan.directory_group_id}, read in the caller's
 * transaction, not from the plan cache) is the one a new owner joins; a cancellation undoes every ADD queued for the
 * organisation, whatever the plan says by then. Thread-safe.
 */
public final class PlanGroupProvisioning implements Provisioning {
    private static final Logger LOG = LoggerFactory.getLogger(PlanGroupProvisioning.class);

    private final ProvisioningJobs jobs;
    private final PlanStore plans;
    private final Runnable jobsWaiting;

    public PlanGroupProvisioning(ProvisioningJobs jobs, PlanStore plans, Runnable jobsWaiting) {
        this.jobs = jobs;
        this.plans = plans;
        this.jobsWaiting = jobsWaiting;
    }

    @Override
    public boolean subscribed(Connection c, String tenantId, String planCode, String ownerUserId, String ownerEmail,
                              String requestId) throws SQLException {
        Optional<String> group = plans.directoryGroupId(c, planCode);
        if (group.isEmpty()) {
            return false;
        }
        String id = jobs.enqueue(c, tenantId, new Membership(ownerUserId, ownerEmail, group.get(), Optional.of(planCode)),
                Action.ADD, requestId);
        LOG.info("Provisioning: job {} queued to add the owner {} of organisation {} to group {} (plan {})", id,
                ownerUserId, tenantId, group.get(), planCode);
        return true;
    }

    @Override
    public int ended(Connection c, String tenantId, String requestId) throws SQLException {
        List<Membership> added = jobs.added(c, tenantId);
        for (Membership m : added) {
            String id = jobs.enqueue(c, tenantId, m, Action.REMOVE, requestId);
            LOG.info("Provisioning: job {} queued to remove {} of organisation {} from group {} (subscription ended)",
                    id, m.userId(), tenantId, m.groupId());
        }
        return added.size();
    }

    @Override
    public void nudge() {
        jobsWaiting.run();
    }
}
