package dev.familiar.model.llm;

/** {@code POST /api/v1/tokens/consume}: tokens 1–10,000; {@code orgId} spends the organisation's quota. */
public record TokenConsumeRequest(String userId, String orgId, String provider, Long tokens, String prompt) {
}
