package dev.familiar.admin.limits;

import dev.familiar.model.tokens.TierSetting;
import java.util.Objects;

/** One row of the tiers table: a tier, whether it is the default, and the texts its columns show. */
public record TierItemViewModel(TierSetting tier, boolean isDefault) {
    public TierItemViewModel {
        Objects.requireNonNull(tier, "tier");
    }

    public String name() {
        return tier.name();
    }

    /** "GOLD" or "GOLD (default)". */
    public String nameText() {
        return isDefault ? tier.name() + " (default)" : tier.name();
    }

    public String priorityText() {
        return Integer.toString(tier.priority());
    }

    public String quotaText() {
        return LimitsFormat.number(tier.quotaMaxTokens());
    }

    /** "×1.5". */
    public String capacityText() {
        return "\u00d7" + LimitsFormat.decimal(tier.capacityMultiplier());
    }

    public String leakText() {
        return "\u00d7" + LimitsFormat.decimal(tier.leakMultiplier());
    }

    /** The users on it, "?" when the server did not count them. */
    public String usersText() {
        return tier.users() == null ? "?" : LimitsFormat.number(tier.users());
    }
}
