package dev.familiar.server.billing.gateway;

/** A Checkout Session: where to send the buyer. */
public record CheckoutSession(String id, String url) {
}
