package dev.familiar.model.api;

/** The {@code meta} member of every envelope: the ids that tie a response to its logs. */
public record Meta(String requestId, String correlationId) {
}
