package dev.familiar.server.usage;

import dev.familiar.server.db.GroupGatherer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system of record for usage where servers share a database (PostgreSQL), with group commit. Requests queue {@link UsageCommand}s; one writer thread
 * takes whatever has queued (up to {@link #MAX_BATCH}) and decides and writes the whole batch in one
 * transaction: it locks the batch's counter rows ({@code SELECT … FOR UPDATE}, in key order so servers sharing a
 * database never deadlock), checks each request id against stored events, applies RECORDs and the CONSUMEs the
 * allowance holds, inserts the events with their answers, updates the counters and commits. Futures complete
 * only after the commit, so an answer always means a durable event. Because the counter rows are locked, servers
 * sharing a database cannot oversell or double count. A batch that fails is retried one command per transaction,
 * so one bad command cannot fail its neighbours.
 */
public final class DatabaseUsageLedger implements UsageLedger {
    static final int MAX_BATCH = 512;
    private static final int MAX_RACE_RETRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);

    private record Pending(UsageCommand command, CompletableFuture<LedgerOutcome> result) {
    }

    private record Existing(String payloadHash, StoredResponse response) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final BiConsumer<CounterKey, Long> committed;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Its callers wait for the commit, so it takes what has queued and does not wait for more (ledger.md). */
    private final GroupGatherer takeBatch = GroupGatherer.immediate(MAX_BATCH);
    private final Thread writer;
    private volatile boolean running = true;

    /**
     * @param committed told the committed value of every counter a batch changed (the fast path's view)
     */
    public DatabaseUsageLedger(DataSource dataSource, Clock clock, BiConsumer<CounterKey, Long> committed) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.committed = committed;
        this.writer = new Thread(this::run, "familiar-usage-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public CompletableFuture<LedgerOutcome> submit(UsageCommand command) {
        CompletableFuture<LedgerOutcome> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException("The usage ledger is stopped"));
            return result;
        }
        queue.add(new Pending(command, result));
        return result;
    }

    @Override
    public java.util.Optional<StoredResponseWithHash> find(String tenantId, String requestId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Existing e = existing(c, tenantId, requestId);
            return e == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new StoredResponseWithHash(e.payloadHash(), e.response()));
        }
    }

    @Override
    public long committedUsed(CounterKey key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT used FROM usage_counter WHERE tenant_id = ? AND metric = ? AND period_key = ?")) {
            ps.setString(1, key.tenantId());
            ps.setString(2, key.metric());
            ps.setString(3, key.periodKey());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                if (!takeBatch.next(queue, batch, 200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                commitBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("Usage writer failed a batch", e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("The usage ledger stopped"));
        }
    }

    private void commitBatch(List<Pending> batch) {
        commitBatch(batch, 0);
    }

    /**
     * Commits a batch; a failed batch is retried one command per transaction, and a single command that lost a
     * race with another server (the same request id or a new counter row inserted at the same moment: a unique
     * violation, a serialization failure or a deadlock) is retried, since the other server's commit now decides it.
     */
    private void commitBatch(List<Pending> batch, int attempt) {
        try {
            Map<Pending, LedgerOutcome> outcomes = new HashMap<>();
            Map<CounterKey, Long> counters = writeInOneTransaction(batch, outcomes);
            complete(batch, outcomes, counters);
        } catch (SQLException e) {
            if (batch.size() == 1) {
                if (attempt < MAX_RACE_RETRIES && lostARace(e)) {
                    commitBatch(batch, attempt + 1);
                    return;
                }
                LOG.error("Usage write failed", e);
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            LOG.warn("A usage batch of {} failed ({}); retrying one by one", batch.size(), e.toString());
            for (Pending one : batch) {
                commitBatch(new ArrayList<>(List.of(one)), 0);
            }
        }
    }

    private static boolean lostARace(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && List.of("23505", "40001", "40P01").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private void complete(List<Pending> batch, Map<Pending, LedgerOutcome> outcomes, Map<CounterKey, Long> counters) {
        counters.forEach((key, used) -> {
            try {
                committed.accept(key, used);
            } catch (RuntimeException e) {
                LOG.warn("Could not publish counter {}: {}", key, e.toString());
            }
        });
        for (Pending p : batch) {
            p.result().complete(outcomes.get(p));
        }
    }

    private Map<CounterKey, Long> writeInOneTransaction(List<Pending> batch, Map<Pending, LedgerOutcome> outcomes)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                TreeMap<CounterKey, Long> used = new TreeMap<>();
                for (Pending p : batch) {
                    used.putIfAbsent(p.command().counter(), null);
                }
                for (CounterKey key : used.keySet()) {
                    used.put(key, lockCounter(c, key));
                }
                Map<CounterKey, Long> before = new HashMap<>(used);
                // PostgreSQL: the whole batch's ids in one query per organisation (one round trip, not one per
                // command). H2 (only with FAMILIAR_USAGE_JOURNAL=off or a non-file URL): one primary key at a time:
                // with an IN list over the key's second column, ingest on H2 fell from ~6,700 to ~2,000 events/s in
                // bench/run.sh, consistent with H2 scanning the tenant's events.
                Map<String, Existing> seen = postgres(c) ? existingInBatch(c, batch) : null;
                boolean batchLookedUp = seen != null;
                if (seen == null) {
                    seen = new HashMap<>();
                }
                List<Pending> inserts = new ArrayList<>();
                Map<Pending, StoredResponse> responses = new HashMap<>();
                for (Pending p : batch) {
                    UsageCommand cmd = p.command();
                    String idKey = cmd.counter().tenantId() + '\u0000' + cmd.requestId();
                    Existing prior = seen.containsKey(idKey) || batchLookedUp ? seen.get(idKey)
                            : existing(c, cmd.counter().tenantId(), cmd.requestId());
                    if (prior != null) {
                        outcomes.put(p, prior.payloadHash().equals(cmd.payloadHash())
                                ? new LedgerOutcome.Stored(prior.response(), true, used.get(cmd.counter()))
                                : new LedgerOutcome.Conflict());
                        continue;
                    }
                    long current = used.get(cmd.counter());
                    if (cmd.kind() == UsageCommand.Kind.CONSUME && current + cmd.amount() > cmd.allowance()) {
                        outcomes.put(p, new LedgerOutcome.Denied(current, cmd.allowance()));
                        continue;
                    }
                    long after = current + cmd.amount();
                    used.put(cmd.counter(), after);
                    StoredResponse response = cmd.responses().build(after, cmd.allowance());
                    seen.put(idKey, new Existing(cmd.payloadHash(), response));
                    responses.put(p, response);
                    inserts.add(p);
                    outcomes.put(p, new LedgerOutcome.Stored(response, false, after));
                }
                insertEvents(c, inserts, responses);
                Map<CounterKey, Long> changed = new HashMap<>();
                for (Map.Entry<CounterKey, Long> e : used.entrySet()) {
                    if (!e.getValue().equals(before.get(e.getKey()))) {
                        updateCounter(c, e.getKey(), e.getValue());
                        changed.put(e.getKey(), e.getValue());
                    }
                }
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                outcomes.clear();
                throw e;
            }
        }
    }

    /** Locks the counter row (creating it at 0 first if needed) and returns its value. */
    private static long lockCounter(Connection c, CounterKey key) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT used FROM usage_counter "
                    + "WHERE tenant_id = ? AND metric = ? AND period_key = ? FOR UPDATE")) {
                ps.setString(1, key.tenantId());
                ps.setString(2, key.metric());
                ps.setString(3, key.periodKey());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO usage_counter (tenant_id, metric, period_key, used) VALUES (?, ?, ?, 0)")) {
                ps.setString(1, key.tenantId());
                ps.setString(2, key.metric());
                ps.setString(3, key.periodKey());
                ps.executeUpdate();
            }
        }
        throw new SQLException("Cannot lock usage counter " + key);
    }

    private Boolean postgres;

    private boolean postgres(Connection c) throws SQLException {
        if (postgres == null) {
            postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        }
        return postgres;
    }

    /**
     * The stored events of a whole batch's request ids, one query per organisation ({@code = ANY(array)}, an index
     * scan of the primary key on PostgreSQL) instead of one round trip per command on the writer thread. Keys are
     * {@code tenant \0 request_id}, like the batch's own.
     */
    private static Map<String, Existing> existingInBatch(Connection c, List<Pending> batch) throws SQLException {
        Map<String, java.util.Set<String>> idsByTenant = new TreeMap<>();
        for (Pending p : batch) {
            idsByTenant.computeIfAbsent(p.command().counter().tenantId(), t -> new java.util.LinkedHashSet<>())
                    .add(p.command().requestId());
        }
        Map<String, Existing> found = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT request_id, payload_hash, response_status, response_body "
                + "FROM usage_event WHERE tenant_id = ? AND request_id = ANY (?)")) {
            for (Map.Entry<String, java.util.Set<String>> e : idsByTenant.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setArray(2, c.createArrayOf("varchar", e.getValue().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(e.getKey() + '\u0000' + rs.getString(1),
                                new Existing(rs.getString(2), new StoredResponse(rs.getInt(3), rs.getString(4))));
                    }
                }
            }
        }
        return found;
    }

    private static Existing existing(Connection c, String tenantId, String requestId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT payload_hash, response_status, response_body "
                + "FROM usage_event WHERE tenant_id = ? AND request_id = ?")) {
            ps.setString(1, tenantId);
            ps.setString(2, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Existing(rs.getString(1), new StoredResponse(rs.getInt(2), rs.getString(3))) : null;
            }
        }
    }

    private void insertEvents(Connection c, List<Pending> inserts, Map<Pending, StoredResponse> responses)
            throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_event (tenant_id, request_id, metric, amount, "
                + "occurred_at, received_at, period_key, kind, payload_hash, response_status, response_body) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Pending p : inserts) {
                UsageCommand cmd = p.command();
                StoredResponse response = responses.get(p);
                ps.setString(1, cmd.counter().tenantId());
                ps.setString(2, cmd.requestId());
                ps.setString(3, cmd.counter().metric());
                ps.setLong(4, cmd.amount());
                ps.setTimestamp(5, Timestamp.from(cmd.occurredAt()));
                ps.setTimestamp(6, now);
                ps.setString(7, cmd.counter().periodKey());
                ps.setString(8, cmd.kind().name());
                ps.setString(9, cmd.payloadHash());
                ps.setInt(10, response.status());
                ps.setString(11, response.body());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void updateCounter(Connection c, CounterKey key, long used) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE usage_counter SET used = ? WHERE tenant_id = ? AND metric = ? AND period_key = ?")) {
            ps.setLong(1, used);
            ps.setString(2, key.tenantId());
            ps.setString(3, key.metric());
            ps.setString(4, key.periodKey());
            ps.executeUpdate();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
