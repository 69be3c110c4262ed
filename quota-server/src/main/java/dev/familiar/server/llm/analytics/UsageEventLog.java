package dev.familiar.server.llm.analytics;

import dev.familiar.server.db.GroupGatherer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes usage events: requests hand them over without waiting, one writer thread inserts them in batches (up
 * to 500 per transaction). Closing drains what is queued. A failed batch is retried once row by row, so one bad
 * row does not lose the others; what still fails is counted and logged.
 */
public final class UsageEventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageEventLog.class);
    private static final int BATCH = 500;
    private static final int CAPACITY = 100_000;

    private final DataSource dataSource;
    private final BlockingQueue<UsageEvent> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    /** Nobody waits for these writes: gather for up to 20 ms while events keep coming (fewer, larger commits). */
    private final GroupGatherer gatherer = new GroupGatherer(BATCH, Duration.ofMillis(5), Duration.ofMillis(20));
    private final Thread writer;
    private volatile boolean running = true;

    public UsageEventLog(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = new Thread(this::run, "token-usage-events");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * A new event id that sorts by time (the layout of a version-7 UUID: 48 bits of epoch milliseconds, then random
     * bits): consecutive events go to the end of the primary key's index instead of a random page of it, which H2
     * would otherwise copy and rewrite at every commit. Unique by its 74 random bits; not a secret.
     */
    public static String newId(long epochMillis) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(high, low).toString();
    }

    public void publish(UsageEvent event) {
        published.incrementAndGet();
        if (!queue.offer(event)) {
            // The queue is full only when the database has stopped taking writes; write this one in the caller.
            write(List.of(event));
        }
    }

    /** Events handed over and not yet written or given up. */
    public long backlog() {
        return published.get() - written.get() - lost.get();
    }

    private void run() {
        List<UsageEvent> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                if (!gatherer.next(queue, batch, 200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            insert(events);
            written.addAndGet(events.size());
        } catch (SQLException e) {
            for (UsageEvent event : events) {
                try {
                    insert(List.of(event));
                    written.incrementAndGet();
                } catch (SQLException again) {
                    lost.incrementAndGet();
                    LOG.error("Usage event {} could not be written: {}", event.id(), again.getMessage());
                }
            }
        }
    }

    private void insert(List<UsageEvent> events) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, events);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Writes {@code events} on the caller's connection, inside its transaction: the Prompt Lab writes its R&D entry
     * this way, together with the iteration it paid for, instead of through the queue.
     */
    public static void insert(Connection c, List<UsageEvent> events) throws SQLException {
        // Multi-row INSERTs of up to ROWS_PER_STATEMENT rows: one statement (and on PostgreSQL one round trip) per
        // chunk instead of one per row.
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            List<UsageEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement ps = c.prepareStatement(chunk.size() == ROWS_PER_STATEMENT ? FULL_INSERT
                    : insertOf(chunk.size()))) {
                int i = 0;
                for (UsageEvent e : chunk) {
                    ps.setString(++i, e.id());
                    ps.setString(++i, e.userId());
                    ps.setString(++i, e.tenantId());
                    ps.setString(++i, e.orgId());
                    ps.setString(++i, e.provider());
                    ps.setLong(++i, e.tokens());
                    ps.setBoolean(++i, e.allowed());
                    ps.setString(++i, e.outcome().name());
                    ps.setString(++i, e.requestId());
                    ps.setString(++i, e.ipAddress());
                    ps.setTimestamp(++i, Timestamp.from(e.occurredAt()));
                    ps.setString(++i, e.purpose().stored());
                    ps.setString(++i, e.function());
                    ps.setString(++i, e.engineer());
                }
                ps.executeUpdate();
            }
        }
    }

    /** Rows per INSERT statement (14 parameters each: far below the drivers' limits). */
    static final int ROWS_PER_STATEMENT = 100;
    private static final String FULL_INSERT = insertOf(ROWS_PER_STATEMENT);

    private static String insertOf(int rows) {
        StringBuilder sql = new StringBuilder(120 + rows * 46).append("INSERT INTO token_usage_event (id, user_id, "
                + "tenant_id, org_id, provider, tokens, allowed, outcome, request_id, ip_address, occurred_at, purpose, "
                + "function_name, engineer) VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }

    @Override
    public void close() {
        // No interrupt: H2 closes its file when a thread is interrupted inside a write. The writer sees the flag
        // within one poll and drains the queue first.
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
