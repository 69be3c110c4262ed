package dev.familiar.server.usage;

/**
 * The fast path's view of committed counters, read by quota checks. The {@link UsageLedger} tells it every
 * committed value. Three implementations: in process (the embedded server is the only writer), Redis (servers
 * sharing a database; the database answers when Redis cannot), and the database itself.
 */
public interface UsageCounters {
    /** The committed units of a counter. */
    long used(CounterKey key) throws Exception;

    /** Called after a commit with the counter's new value. */
    void committed(CounterKey key, long used);

    /** {@code local}, {@code redis}, {@code redis-degraded} or {@code database}, for health and metrics. */
    String mode();
}
