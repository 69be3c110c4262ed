package dev.familiar.model.billing;

/**
 * {@code GET /api/admin/webhooks/events/{eventId}}: the event as listed and its payload, pretty-printed JSON as
 * received (Stripe's event object; no secret is in it).
 */
public record WebhookEventDetail(WebhookEventView event, String payload) {
}
