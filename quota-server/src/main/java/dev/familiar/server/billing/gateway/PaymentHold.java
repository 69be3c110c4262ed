package dev.familiar.server.billing.gateway;

/** A payment authorised and held (a PaymentIntent with manual capture): {@code status} as the provider says. */
public record PaymentHold(String id, long amount, String currency, String status) {
}
