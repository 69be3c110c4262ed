package dev.familiar.server.billing.gateway;

/** A customer at the payment provider. */
public record BillingCustomer(String id, String email) {
}
