package dev.familiar.model.tokens;

import java.util.List;

/**
 * {@code GET /api/admin/tokens/tiers}: every tier (by priority), the tier of users without one, and how soon a change
 * reaches every server ({@code refreshSeconds}: the documented bound).
 */
public record TierSettings(String defaultTier, List<TierSetting> tiers, int refreshSeconds) {
    public TierSettings {
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }
}
