package dev.familiar.model.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** {@code GET /api/v1/tokens/purchase/{sagaId}}. {@code amount} in minor units of {@code currency}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurchaseView(String sagaId, String userId, String orgId, String provider, long tokens, long amount,
                           String currency, String status, String error, Instant createdAt, Instant updatedAt) {
}
