package dev.familiar.model.tokens;

/** {@code PUT /api/admin/tokens/tiers/{name}}: creates the tier or changes it. */
public record TierUpdateRequest(int priority, long quotaMaxTokens, double capacityMultiplier, double leakMultiplier) {
}
