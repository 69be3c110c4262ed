package dev.familiar.model.billing;

import java.time.Instant;
import java.util.Map;

/**
 * A plan of the local catalog with its price at the payment provider ({@code GET/PUT /api/admin/catalog/plans}).
 * Amounts are in minor units (cents); {@code interval} is {@code month} or {@code year}; {@code tier} orders plans
 * (higher is more expensive); {@code stripePriceId} may be null until the price exists in Stripe.
 * {@code archived}/{@code archivedAt} are set by {@code POST …/{code}/archive} (and cleared by {@code DELETE}): an
 * archived plan takes no new customers. A PUT may leave them out or send them back unchanged.
 * {@code directoryGroupId} (issue 15, optional) names the directory group the owners of organisations that sign up
 * on the plan join (and leave when the subscription ends); in a PUT, null or left out keeps the current group and
 * an empty string clears it.
 */
public record CatalogPlan(String code, String name, String stripePriceId, String currency, Long amount, String interval,
                          Integer trialDays, Integer tier, Map<String, Long> includedUnits, Boolean archived,
                          Instant archivedAt, String directoryGroupId) {
    /** A plan as before issue 15 (no directory group: a PUT keeps the plan's current one). */
    public CatalogPlan(String code, String name, String stripePriceId, String currency, Long amount, String interval,
                       Integer trialDays, Integer tier, Map<String, Long> includedUnits, Boolean archived,
                       Instant archivedAt) {
        this(code, name, stripePriceId, currency, amount, interval, trialDays, tier, includedUnits, archived, archivedAt,
                null);
    }

    /** A plan to PUT (code, archive state left to the server). */
    public static CatalogPlan of(String name, String stripePriceId, String currency, long amount, String interval,
                                 int trialDays, int tier, Map<String, Long> includedUnits) {
        return new CatalogPlan(null, name, stripePriceId, currency, amount, interval, trialDays, tier, includedUnits,
                null, null, null);
    }

    /** This plan with its subscribers joining {@code groupId} (an empty string: no group). */
    public CatalogPlan withDirectoryGroupId(String groupId) {
        return new CatalogPlan(code, name, stripePriceId, currency, amount, interval, trialDays, tier, includedUnits,
                archived, archivedAt, groupId);
    }
}
