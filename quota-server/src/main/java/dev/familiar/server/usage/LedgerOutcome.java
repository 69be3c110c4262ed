package dev.familiar.server.usage;

/** What the ledger decided for one command. */
public sealed interface LedgerOutcome {
    /** Counted now, or an earlier identical request's stored answer ({@code replay}). */
    record Stored(StoredResponse response, boolean replay, long usedAfter) implements LedgerOutcome {
    }

    /** The request id was used before with another payload. */
    record Conflict() implements LedgerOutcome {
    }

    /** A CONSUME the allowance cannot hold; nothing was written. */
    record Denied(long used, long allowance) implements LedgerOutcome {
    }
}
