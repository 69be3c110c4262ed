package dev.familiar.server.billing.gateway;

import java.time.Instant;
import java.util.Optional;

/**
 * A subscription at the payment provider, reduced to what we use. It has one item (one price).
 *
 * @param status            the provider's status: trialing, active, past_due, unpaid, paused, canceled, incomplete...
 * @param itemId            the subscription item that carries the price (needed to change it)
 * @param pausedCollection  payment collection is paused
 * @param scheduleId        the subscription schedule attached to it, if any
 */
public record BillingSubscription(String id, String customerId, String status, String itemId, String priceId,
                                  Instant currentPeriodStart, Instant currentPeriodEnd, Optional<Instant> trialEnd,
                                  boolean cancelAtPeriodEnd, boolean pausedCollection, Optional<String> scheduleId) {
}
