package dev.familiar.model.billing;

/**
 * One event's replay: {@code QUEUED} (it will be applied again; its status is PENDING now), {@code UNKNOWN} (no
 * such event in the inbox) or {@code ALREADY_PENDING} (it was waiting already; nothing changed).
 */
public record ReplayOutcome(String eventId, String result) {
}
