package dev.familiar.server.llm.analytics;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** Purges usage events older than the retention: written next. */
public final class UsageRetentionJob implements AutoCloseable {
    public UsageRetentionJob(DataSource dataSource, Duration retention, Clock clock) {
    }

    @Override
    public void close() {
    }
}
