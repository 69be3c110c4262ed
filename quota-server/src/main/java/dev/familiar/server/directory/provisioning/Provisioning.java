package dev.familiar.server.directory.provisioning;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What billing tells provisioning, inside its own transaction, so the membership change is queued if and only if
 * the sign-up or the cancellation is committed. Nothing here calls the directory: the {@link ProvisioningWorker}
 * does, later, on any server.
 */
public interface Provisioning {
    /**
     * An organisation signed up on {@code planCode} with this owner: when the plan names a directory group, queues
     * the owner's joining of it. True when a job was queued.
     */
    boolean subscribed(Connection c, String tenantId, String planCode, String ownerUserId, String ownerEmail,
                       String requestId) throws SQLException;

    /**
     * The organisation's subscription ended: queues the leaving of every group its people were added to (and not yet
     * removed from). Applying the same end twice queues nothing more. Answers how many jobs were queued.
     */
    int ended(Connection c, String tenantId, String requestId) throws SQLException;

    /** Jobs were committed: the worker should look now rather than at its next poll. */
    void nudge();

    /** No provisioning (tests of billing that do not look at the directory). */
    static Provisioning none() {
        return new Provisioning() {
            @Override
            public boolean subscribed(Connection c, String tenantId, String planCode, String ownerUserId,
                                      String ownerEmail, String requestId) {
                return false;
            }

            @Override
            public int ended(Connection c, String tenantId, String requestId) {
                return 0;
            }

            @Override
            public void nudge() {
            }
        };
    }
}
