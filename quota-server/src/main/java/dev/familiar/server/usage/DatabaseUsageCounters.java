package dev.familiar.server.usage;

/** Counters read from the database on every check: servers sharing PostgreSQL without Redis. */
public final class DatabaseUsageCounters implements UsageCounters {
    private final UsageLedger ledger;

    public DatabaseUsageCounters(UsageLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public long used(CounterKey key) throws Exception {
        return ledger.committedUsed(key);
    }

    @Override
    public void committed(CounterKey key, long used) {
        // the database already holds it
    }

    @Override
    public String mode() {
        return "database";
    }
}
