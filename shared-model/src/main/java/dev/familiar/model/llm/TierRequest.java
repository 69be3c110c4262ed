package dev.familiar.model.llm;

/** {@code POST /api/v1/tokens/tier} (admin): a user's tier, and optionally a custom allowance within the tier's cap. */
public record TierRequest(String userId, String tier, Long quotaTokens) {
}
