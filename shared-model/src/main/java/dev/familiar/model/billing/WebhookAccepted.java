package dev.familiar.model.billing;

/** UC-12's answer: the event is in the inbox ({@code duplicate} when it already was). */
public record WebhookAccepted(String eventId, boolean duplicate) {
}
