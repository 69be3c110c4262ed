package dev.familiar.server.usage;

import java.time.Instant;

/**
 * One request to the ledger. {@code RECORD} (UC-03) always counts: usage past the allowance happened and is kept.
 * {@code CONSUME} counts only if the allowance holds it, and is refused otherwise.
 *
 * @param payloadHash tells a retry of this request (same hash) from another request reusing its id
 * @param responses   builds the answer that is stored with the event and returned to every retry
 */
public record UsageCommand(Kind kind, CounterKey counter, String requestId, long amount, long allowance,
                           Instant occurredAt, String payloadHash, ResponseFactory responses) {
    public enum Kind { RECORD, CONSUME }

    /** Builds the stored answer from the counter after this event. */
    @FunctionalInterface
    public interface ResponseFactory {
        StoredResponse build(long usedAfter, long allowance);
    }
}
