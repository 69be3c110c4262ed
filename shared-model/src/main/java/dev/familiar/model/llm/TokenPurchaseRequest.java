package dev.familiar.model.llm;

/** {@code POST /api/v1/tokens/purchase}: buys {@code tokens} for the user (or the organisation when given). */
public record TokenPurchaseRequest(String userId, String orgId, String provider, Long tokens) {
}
