package dev.familiar.server.usage;

/** One usage counter: a tenant's metric in one billing period. */
public record CounterKey(String tenantId, String metric, String periodKey) implements Comparable<CounterKey> {
    @Override
    public int compareTo(CounterKey o) {
        int c = tenantId.compareTo(o.tenantId);
        if (c != 0) {
            return c;
        }
        c = metric.compareTo(o.metric);
        return c != 0 ? c : periodKey.compareTo(o.periodKey);
    }
}
