package dev.familiar.server.usage;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters held in this process. Correct only where this process is the database's single writer (the embedded
 * H2 server): the ledger publishes every commit here, and a counter not seen yet is read once from the database.
 */
public final class LocalUsageCounters implements UsageCounters {
    private final ConcurrentHashMap<CounterKey, Long> counters = new ConcurrentHashMap<>();
    private final UsageLedger ledger;

    public LocalUsageCounters(UsageLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public long used(CounterKey key) throws Exception {
        Long value = counters.get(key);
        if (value != null) {
            return value;
        }
        long loaded = ledger.committedUsed(key);
        return counters.merge(key, loaded, Math::max);
    }

    @Override
    public void committed(CounterKey key, long used) {
        counters.merge(key, used, Math::max);
    }

    @Override
    public String mode() {
        return "local";
    }
}
