package dev.familiar.model.prompt;

import java.time.Instant;
import java.util.List;

/**
 * A deployment of {@code function@version} as {@code major}. {@code status}: {@code PENDING_APPROVAL},
 * {@code ACTIVE}, {@code SUPERSEDED} (another deployment of the major became active), {@code ROLLED_BACK},
 * {@code REJECTED}. {@code changeClass} compares the version with the one active in the major when it was
 * requested (null for a major's first deployment).
 */
public record DeploymentView(String id, String function, int version, int major, String status,
                             ChangeClass changeClass, List<Incompatibility> breaking, String requestedBy,
                             Instant requestedAt, String decidedBy, Instant decidedAt) {
}
