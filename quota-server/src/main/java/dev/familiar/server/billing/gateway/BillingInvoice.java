package dev.familiar.server.billing.gateway;

import java.time.Instant;
import java.util.Optional;

/** An invoice at the payment provider. Amounts are in minor units (cents). */
public record BillingInvoice(String id, String customerId, Optional<String> subscriptionId, String status,
                             long amountDue, long amountPaid, String currency, Optional<String> hostedUrl,
                             Instant created, Optional<Instant> periodStart, Optional<Instant> periodEnd) {
}
