package dev.familiar.model.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A quota: of a user ({@code userId}) or an organisation ({@code orgId}), for one provider, in its current window. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QuotaView(String userId, String orgId, String provider, String tier, long totalTokens, long remainingTokens,
                        long purchasedTokens, Instant resetTime, Instant updatedAt) {
}
