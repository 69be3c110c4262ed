package dev.familiar.model.directory;

import java.time.Instant;

/**
 * One provisioning job ({@code GET /api/admin/directory/provisioning}): a plan's directory group joined by an
 * organisation's owner at sign-up ({@code ADD}) or left when its subscription ended ({@code REMOVE}).
 * {@code status}: PENDING, DONE or FAILED; {@code outcome} says what a DONE job found (added, already a member,
 * removed, not a member); {@code lastError} why the last attempt did not finish (never a secret).
 */
public record ProvisioningJobView(String id, String orgId, String userId, String email, String groupId,
                                  String planCode, String action, String status, int attempts, Instant nextAttemptAt,
                                  String outcome, String lastError, Instant createdAt, Instant updatedAt) {
}
