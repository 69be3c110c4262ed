package dev.familiar.server.billing;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's account at the payment provider and the subscription state last applied from it.
 * {@code checkoutUrl} is kept while a sign-up waits for its Checkout Session.
 */
public record BillingAccount(String tenantId, String email, Optional<String> customerId, Optional<String> checkoutUrl,
                             Optional<String> subscriptionId, Optional<String> subscriptionStatus, Optional<String> priceId,
                             Optional<String> itemId, Optional<String> scheduleId, boolean cancelAtPeriodEnd, boolean paused,
                             Optional<Instant> currentPeriodStart, Optional<Instant> currentPeriodEnd,
                             Optional<Instant> trialEnd) {

    /** Sign-up finished: the provider has a subscription, or a Checkout Session that will create one. */
    public boolean signupComplete() {
        return subscriptionId.isPresent() || checkoutUrl.isPresent();
    }
}
