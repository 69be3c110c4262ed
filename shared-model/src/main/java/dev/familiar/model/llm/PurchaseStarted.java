package dev.familiar.model.llm;

import java.time.Instant;

/** 202 of a purchase: the saga's id and state. */
public record PurchaseStarted(String sagaId, String status, Instant createdAt) {
}
