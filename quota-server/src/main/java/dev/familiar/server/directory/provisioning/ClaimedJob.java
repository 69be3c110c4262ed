package dev.familiar.server.directory.provisioning;

/**
 * A job this worker holds: {@code leaseToken} proves it, so only the claimer can finish it (a claimer whose lease
 * ran out and was claimed again by another worker finds its writes ignored).
 */
public record ClaimedJob(ProvisioningJob job, String leaseToken) {
}
