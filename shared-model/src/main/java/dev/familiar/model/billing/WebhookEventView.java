package dev.familiar.model.billing;

import java.time.Instant;

/** One inbox event as admins see it ({@code GET /api/admin/webhooks/events}). */
public record WebhookEventView(String eventId, String type, String objectId, String status, int attempts,
                               String lastError, Instant receivedAt, Instant appliedAt, String correlationId,
                               String source) {
}
