package dev.familiar.model.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code GET /api/v1/tokens/purchase/{sagaId}}. {@code amount} in minor units of {@code currency}. {@code id} is the
 * saga id again (upstream clients read {@code id}); {@code idempotencyKey} is the {@code Idempotency-Key} the
 * purchase was started with, {@code null} (always present) when it had none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurchaseView(String id, String sagaId, String userId, String orgId, String provider, long tokens,
                           long amount, String currency, String status,
                           @JsonInclude(JsonInclude.Include.ALWAYS) String idempotencyKey, String error,
                           Instant createdAt, Instant updatedAt) {
}
