package dev.familiar.model.purchases;

import java.time.Instant;

/**
 * One step a saga took, in order: {@code step} (such as RESERVE_PAYMENT, ALLOCATE_TOKENS, CAPTURE_PAYMENT,
 * COMPENSATE), its {@code outcome} (SUCCEEDED, FAILED, UNKNOWN, RETRYING) and a short detail (never a secret).
 */
public record PurchaseStep(Instant at, String step, String outcome, String detail) {
}
