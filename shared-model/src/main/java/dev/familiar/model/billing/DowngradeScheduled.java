package dev.familiar.model.billing;

import java.time.Instant;

/** UC-08's answer: the plan that takes over at {@code effectiveAt} (the end of the current period). */
public record DowngradeScheduled(Instant effectiveAt, String newPlanCode) {
}
