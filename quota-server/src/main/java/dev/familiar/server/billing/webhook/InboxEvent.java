package dev.familiar.server.billing.webhook;

import java.time.Instant;

/** One provider event in the inbox. {@code created} is the provider's time of the event (Unix seconds). */
public record InboxEvent(String eventId, String type, String objectId, long created, Instant receivedAt, String payload,
                         String correlationId, String source, String status, int attempts, String lastError,
                         Instant appliedAt) {
    public static final String PENDING = "PENDING";
    public static final String APPLIED = "APPLIED";
    public static final String STALE = "STALE";
    public static final String IGNORED = "IGNORED";
    public static final String FAILED = "FAILED";
}
