package dev.familiar.server.llm.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
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
                UsageEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_usage_event (id, user_id, tenant_id, org_id, "
                + "provider, tokens, allowed, outcome, request_id, ip_address, occurred_at, purpose, function_name, "
                + "engineer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (UsageEvent e : events) {
                ps.setString(1, e.id());
                ps.setString(2, e.userId());
                ps.setString(3, e.tenantId());
                ps.setString(4, e.orgId());
                ps.setString(5, e.provider());
                ps.setLong(6, e.tokens());
                ps.setBoolean(7, e.allowed());
                ps.setString(8, e.outcome().name());
                ps.setString(9, e.requestId());
                ps.setString(10, e.ipAddress());
                ps.setTimestamp(11, Timestamp.from(e.occurredAt()));
                ps.setString(12, e.purpose().stored());
                ps.setString(13, e.function());
                ps.setString(14, e.engineer());
                ps.addBatch();
            }
            ps.executeBatch();
        }
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
