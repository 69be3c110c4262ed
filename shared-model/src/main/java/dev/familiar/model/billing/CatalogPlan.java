package dev.familiar.model.billing;

import java.util.Map;

/**
 * A plan of the local catalog with its price at the payment provider ({@code GET/PUT /api/admin/catalog/plans}).
 * Amounts are in minor units (cents); {@code interval} is {@code month} or {@code year}; {@code tier} orders plans
 * (higher is more expensive); {@code stripePriceId} may be null until the price exists in Stripe.
 */
public record CatalogPlan(String code, String name, String stripePriceId, String currency, Long amount, String interval,
                          Integer trialDays, Integer tier, Map<String, Long> includedUnits) {
}
