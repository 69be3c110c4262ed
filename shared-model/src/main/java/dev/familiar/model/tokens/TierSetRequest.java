package dev.familiar.model.tokens;

import java.util.List;

/**
 * {@code PUT /api/admin/tokens/tiers}: the whole set of tiers and the default tier, replaced at once. A tier that
 * users are on, or the default, cannot be left out (409).
 */
public record TierSetRequest(String defaultTier, List<TierSetting> tiers) {
}
