package dev.familiar.server.billing.gateway;

/** A refund at the payment provider. */
public record BillingRefund(String id, long amount, String currency, String status) {
}
