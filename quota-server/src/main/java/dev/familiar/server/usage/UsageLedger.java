package dev.familiar.server.usage;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The system of record for usage (decision 0006): decides and counts {@link UsageCommand}s, each exactly once per
 * {@code (tenant, request_id)}, and completes a command's future only once its event is durable. Two
 * implementations: {@link DatabaseUsageLedger} (servers sharing PostgreSQL: the database decides, per batch) and
 * {@link JournaledUsageLedger} (one embedded server on H2: this process decides in memory and journals each group
 * before answering; H2 is written from the journal).
 */
public interface UsageLedger extends AutoCloseable {
    CompletableFuture<LedgerOutcome> submit(UsageCommand command);

    /** The stored answer for a request id, if an event holds one. */
    Optional<StoredResponseWithHash> find(String tenantId, String requestId) throws SQLException;

    /** The committed (durable) count of one counter. */
    long committedUsed(CounterKey key) throws SQLException;

    /** Stops taking commands, finishes what is queued (bounded), and stops the writer. */
    @Override
    void close();

    /** A stored answer and the hash of the payload that produced it. */
    record StoredResponseWithHash(String payloadHash, StoredResponse response) {
    }
}
