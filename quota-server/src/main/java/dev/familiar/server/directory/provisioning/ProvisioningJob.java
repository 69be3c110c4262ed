package dev.familiar.server.directory.provisioning;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One membership change to make in the directory ({@code directory_provisioning_job}).
 *
 * @param userId    our user id of the organisation's owner (the directory person in local mode)
 * @param email     the owner's e-mail address (how the person is found in Entra)
 * @param attempts  attempts started so far (a claim counts one)
 * @param lastError why the last attempt did not finish, for people (never a secret)
 * @param outcome   what a DONE job found: added, already a member, removed, not a member
 */
public record ProvisioningJob(String id, long seq, String tenantId, String userId, String email, String groupId,
                              Optional<String> planCode, Action action, Status status, int attempts,
                              Instant nextAttemptAt, Optional<String> lastError, Optional<String> outcome,
                              Optional<String> requestId, Instant createdAt, Instant updatedAt) {
    public enum Action { ADD, REMOVE }

    public enum Status { PENDING, DONE, FAILED }

    public ProvisioningJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(status, "status");
        planCode = planCode == null ? Optional.empty() : planCode;
        lastError = lastError == null ? Optional.empty() : lastError;
        outcome = outcome == null ? Optional.empty() : outcome;
        requestId = requestId == null ? Optional.empty() : requestId;
    }

    /** The audit action of this job: {@code directory.provisioning.add} or {@code .remove}. */
    public String auditAction() {
        return "directory.provisioning." + action.name().toLowerCase(java.util.Locale.ROOT);
    }
}
