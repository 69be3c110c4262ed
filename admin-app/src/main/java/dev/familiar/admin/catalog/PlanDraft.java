package dev.familiar.admin.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A plan as the operator filled it in, checked by {@link PlanForm} and ready to send
 * ({@code PUT /api/admin/catalog/plans/{code}}).
 *
 * @param amount        the price in minor units of {@code currency} (cents)
 * @param stripePriceId null until the price exists in Stripe
 */
public record PlanDraft(String code, String name, String stripePriceId, String currency, long amount, String interval,
                        int trialDays, int tier, Map<String, Long> includedUnits) {
    public PlanDraft {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(interval, "interval");
        includedUnits = java.util.Collections.unmodifiableMap(new TreeMap<>(includedUnits));
    }
}
