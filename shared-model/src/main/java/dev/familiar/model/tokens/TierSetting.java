package dev.familiar.model.tokens;

/**
 * A token tier as data ({@code /api/admin/tokens/tiers}): its order ({@code priority}, FREE 0 … ENTERPRISE 4), the
 * most tokens a user's quota on it holds per window, and how it scales the user's leaky bucket. {@code users} (on
 * reads) counts the users on it; ignored on writes.
 */
public record TierSetting(String name, int priority, long quotaMaxTokens, double capacityMultiplier,
                          double leakMultiplier, Long users) {
}
