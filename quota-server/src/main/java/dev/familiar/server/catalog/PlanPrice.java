package dev.familiar.server.catalog;

import java.util.Optional;

/**
 * What a plan costs at the payment provider. {@code amount} is in minor units per {@code interval}.
 * {@code tier} orders plans: moving to a higher tier is an upgrade, to a lower one a downgrade.
 */
public record PlanPrice(String planCode, Optional<String> stripePriceId, String currency, long amount, String interval,
                        int trialDays, int tier) {
    /** The price id the dry-run provider uses when no Stripe price id is set. */
    public static final String DRY_RUN_PREFIX = "price_dryrun_";

    /** The id to send to the provider: the Stripe price id, or in dry-run a local one derived from the plan code. */
    public String providerPriceId(boolean dryRun) {
        if (stripePriceId.isPresent()) {
            return stripePriceId.get();
        }
        if (dryRun) {
            return DRY_RUN_PREFIX + planCode;
        }
        throw new IllegalStateException("no Stripe price id");
    }
}
