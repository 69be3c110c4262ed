package dev.familiar.server.llm.purchase;

import java.time.Instant;
import java.util.Optional;

/** A token purchase saga as stored. {@code amount} in minor units of {@code currency}. */
public record Purchase(String sagaId, String userId, String tenantId, Optional<String> orgId, String provider, long tokens,
                       long amount, String currency, Optional<String> idempotencyKey, String payloadHash, Status status,
                       Optional<String> paymentId, Optional<String> error, boolean compensated, Instant createdAt,
                       Instant updatedAt, Instant deadlineAt) {
    /** The document's states; COMPLETED and FAILED are terminal. */
    public enum Status {
        STARTED, PAYMENT_RESERVED, TOKENS_ALLOCATED, COMPLETED, FAILED;

        public boolean terminal() {
            return this == COMPLETED || this == FAILED;
        }
    }
}
