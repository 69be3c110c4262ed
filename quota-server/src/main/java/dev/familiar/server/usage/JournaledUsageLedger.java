package dev.familiar.server.usage;

import dev.familiar.server.db.GroupGatherer;
import dev.familiar.server.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage ledger of one embedded server (H2, this process the database's only writer): the process is the
 * authority, the journal the durability, H2 the record written behind (decision 0006, issue 17).
 *
 * <p>One sequencer thread takes the queued commands as a group, decides each against the counters and the request
 * ids it holds in memory (a CONSUME past the allowance is denied, a known id answers its stored answer or a 409),
 * appends the group's events to the {@link Journal} (one write, checksummed records) and only then publishes the
 * counters and completes the futures: an answer means a journaled event. An applier thread writes the journaled
 * events to H2 in large transactions (no per-event look-up: the sequencer decided), with the journal position in
 * the same transaction ({@code usage_journal_checkpoint}); at start the records past that position are applied
 * before anything is served, so a record is applied once however often the server is killed. The applier's backlog
 * is bounded ({@link #MAX_BACKLOG}): when H2 falls behind, the sequencer waits, and so do the requests.
 *
 * <p>Request ids: those journaled and not yet applied, and those applied in the last {@link #KEEP_GENERATIONS}
 * applier transactions, are in memory; older ones are in H2, looked up on the request's own thread before it is
 * queued (not on the sequencer). A request whose look-up is older than what memory still covers is looked up
 * again by the sequencer (rare: only a request delayed across several applier transactions).
 */
public final class JournaledUsageLedger implements UsageLedger {
    static final int MAX_GROUP = 1024;
    /** Events per H2 transaction: beyond ~1,000, H2 stores pages mid-transaction and reads them back at commit. */
    static final int APPLY_BATCH = 1024;
    static final java.time.Duration APPLY_GAP = java.time.Duration.ofMillis(20);
    static final java.time.Duration APPLY_WINDOW = java.time.Duration.ofMillis(100);
    static final int MAX_BACKLOG = 16_384;
    static final int KEEP_GENERATIONS = 2;
    static final long SEGMENT_BYTES = 64L << 20;
    private static final String CHECKPOINT = "usage";
    private static final Logger LOG = LoggerFactory.getLogger(JournaledUsageLedger.class);

    private record Pending(UsageCommand command, long lookupGeneration, CompletableFuture<LedgerOutcome> result) {
    }

    private record Known(String payloadHash, StoredResponse response) {
    }

    private record IdKey(String tenantId, String requestId) {
    }

    private record Applied(long seq, UsageJournalRecord record) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final BiConsumer<CounterKey, Long> committed;
    private final Journal journal;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Applied> backlog = new ArrayBlockingQueue<>(MAX_BACKLOG);
    private final ConcurrentHashMap<IdKey, Known> recent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CounterKey, Long> counters = new ConcurrentHashMap<>();
    private final ArrayDeque<List<IdKey>> generations = new ArrayDeque<>();
    private final Thread sequencer;
    /**
     * Nobody waits for the applier, so it gathers (while events keep coming, for up to {@link #APPLY_WINDOW}): an H2
     * commit writes the changed pages whatever their number of rows. Applying at once made small transactions under
     * load; gathered, CPU per consume fell ~15 % (docs/performance/ledger.md).
     */
    /** The sequencer's callers wait for the journal write: it takes what has queued and does not wait for more. */
    private final GroupGatherer takeGroup = GroupGatherer.immediate(MAX_GROUP);
    private final GroupGatherer applyGatherer = new GroupGatherer(APPLY_BATCH, APPLY_GAP, APPLY_WINDOW);
    private final Thread applier;
    private volatile long appliedGeneration;
    private volatile long evictedThrough;
    private volatile boolean running = true;
    private volatile boolean sequencerDone;
    private volatile IOException journalFailure;
    private volatile long appliedSeq;
    private long peakBacklog;

    private JournaledUsageLedger(DataSource dataSource, Clock clock, BiConsumer<CounterKey, Long> committed,
                                 Journal journal) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.committed = committed;
        this.journal = journal;
        this.sequencer = new Thread(this::sequence, "familiar-usage-journal");
        this.applier = new Thread(this::apply, "familiar-usage-applier");
        sequencer.setDaemon(true);
        applier.setDaemon(true);
    }

    /**
     * Opens the journal in {@code dir}, applies to H2 every journaled record past the checkpoint (before anything
     * is served), and starts the threads.
     *
     * @param forceEachGroup fsync each group before answering (survives a power loss; without: survives kill -9)
     */
    public static JournaledUsageLedger open(DataSource dataSource, Clock clock, BiConsumer<CounterKey, Long> committed,
                                            Path dir, boolean forceEachGroup) throws IOException, SQLException {
        long checkpoint = checkpoint(dataSource);
        Journal journal = Journal.open(dir, forceEachGroup, SEGMENT_BYTES, checkpoint + 1);
        JournaledUsageLedger ledger = new JournaledUsageLedger(dataSource, clock, committed, journal);
        try {
            ledger.replay(checkpoint);
        } catch (IOException | SQLException | RuntimeException e) {
            journal.close();
            throw e;
        }
        ledger.sequencer.start();
        ledger.applier.start();
        return ledger;
    }

    /**
     * For a server that no longer journals ({@code FAMILIAR_USAGE_JOURNAL=off}): applies what an earlier run journaled
     * but did not write to the database yet, once (the checkpoint moves with the rows), so switching the journal off
     * loses nothing. Does nothing when {@code dir} is not a directory.
     */
    public static void applyLeftovers(DataSource dataSource, Clock clock, Path dir) throws IOException, SQLException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        open(dataSource, clock, (key, used) -> { }, dir, false).close();
    }

    /** Applies the journaled records past {@code checkpoint}, in batches, each with its checkpoint. */
    private void replay(long checkpoint) throws IOException, SQLException {
        List<Applied> batch = new ArrayList<>(APPLY_BATCH);
        long replayed = 0;
        for (Journal.Entry e : journal.recovered()) {
            if (e.seq() <= checkpoint) {
                continue;
            }
            batch.add(new Applied(e.seq(), UsageJournalRecord.decode(e.payload())));
            if (batch.size() == APPLY_BATCH) {
                writeToDatabase(batch);
                replayed += batch.size();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            writeToDatabase(batch);
            replayed += batch.size();
        }
        appliedSeq = checkpoint(dataSource);
        journal.releaseThrough(appliedSeq);
        if (replayed > 0) {
            LOG.info("Usage journal: applied {} journaled events to the database at start (through {})", replayed,
                    appliedSeq);
        }
    }

    @Override
    public CompletableFuture<LedgerOutcome> submit(UsageCommand command) {
        if (!running || journalFailure != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("The usage ledger is stopped",
                    journalFailure));
        }
        IdKey id = new IdKey(command.counter().tenantId(), command.requestId());
        Known known = recent.get(id);
        if (known != null) {
            return CompletableFuture.completedFuture(decideKnown(known, command));
        }
        // Read before the look-up: every id applied in this generation or earlier is visible to it.
        long generation = appliedGeneration;
        try {
            Known stored = lookUp(id);
            if (stored != null) {
                return CompletableFuture.completedFuture(decideKnown(stored, command));
            }
        } catch (SQLException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<LedgerOutcome> result = new CompletableFuture<>();
        Pending pending = new Pending(command, generation, result);
        queue.add(pending);
        if (sequencerDone && queue.remove(pending)) {
            // The sequencer stopped after its last look at the queue: do not leave this one waiting.
            result.completeExceptionally(new IllegalStateException("The usage ledger is stopped"));
        }
        return result;
    }

    @Override
    public Optional<StoredResponseWithHash> find(String tenantId, String requestId) throws SQLException {
        IdKey id = new IdKey(tenantId, requestId);
        Known known = recent.get(id);
        if (known == null) {
            known = lookUp(id);
        }
        return known == null ? Optional.empty() : Optional.of(new StoredResponseWithHash(known.payloadHash(),
                known.response()));
    }

    @Override
    public long committedUsed(CounterKey key) throws SQLException {
        Long value = counters.get(key);
        return value != null ? value : databaseUsed(key);
    }

    /** Journaled events not yet written to H2 (the applier's backlog). */
    public int backlog() {
        return backlog.size();
    }

    /** The deepest the backlog has been since start. */
    public synchronized long peakBacklog() {
        return peakBacklog;
    }

    private static LedgerOutcome decideKnown(Known known, UsageCommand command) {
        return known.payloadHash().equals(command.payloadHash())
                ? new LedgerOutcome.Stored(known.response(), true, -1)
                : new LedgerOutcome.Conflict();
    }

    // ---- the sequencer ------------------------------------------------------------------------------------------

    private void sequence() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        try {
            while (running || !queue.isEmpty()) {
                try {
                    if (!takeGroup.next(queue, group, 200, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    decideAndJournal(group);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (IOException e) {
                    journalFailure = e;
                    LOG.error("Usage journal: a write failed; usage is refused until the server restarts", e);
                    group.forEach(p -> p.result().completeExceptionally(e));
                } catch (SQLException | RuntimeException e) {
                    LOG.error("Usage journal: a group failed", e);
                    group.forEach(p -> p.result().completeExceptionally(e));
                } finally {
                    group.clear();
                }
                if (journalFailure != null) {
                    break;
                }
            }
        } finally {
            Pending left;
            while ((left = queue.poll()) != null) {
                left.result().completeExceptionally(new IllegalStateException("The usage ledger stopped"));
            }
            sequencerDone = true;
        }
    }

    private void decideAndJournal(List<Pending> group) throws IOException, SQLException, InterruptedException {
        Map<CounterKey, Long> touched = new LinkedHashMap<>();
        Map<IdKey, Known> added = new HashMap<>();
        Map<Pending, LedgerOutcome> outcomes = new HashMap<>();
        List<UsageJournalRecord> records = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        Instant now = clock.instant();
        long evicted = evictedThrough;
        for (Pending p : group) {
            UsageCommand cmd = p.command();
            IdKey id = new IdKey(cmd.counter().tenantId(), cmd.requestId());
            Known known = added.get(id);
            if (known == null) {
                known = recent.get(id);
            }
            if (known == null && p.lookupGeneration() < evicted) {
                known = lookUp(id); // its look-up predates ids memory no longer holds
            }
            if (known != null) {
                outcomes.put(p, decideKnown(known, cmd));
                continue;
            }
            CounterKey key = cmd.counter();
            Long current = touched.get(key);
            if (current == null) {
                current = counters.get(key);
            }
            if (current == null) {
                current = databaseUsed(key); // first use since start: H2 holds every earlier change
            }
            if (cmd.kind() == UsageCommand.Kind.CONSUME && current + cmd.amount() > cmd.allowance()) {
                outcomes.put(p, new LedgerOutcome.Denied(current, cmd.allowance()));
                continue;
            }
            long after = current + cmd.amount();
            StoredResponse response = cmd.responses().build(after, cmd.allowance());
            UsageJournalRecord record = new UsageJournalRecord(cmd.kind(), key, cmd.requestId(), cmd.amount(),
                    cmd.occurredAt(), now, cmd.payloadHash(), response.status(), response.body(), after);
            touched.put(key, after);
            added.put(id, new Known(cmd.payloadHash(), response));
            records.add(record);
            payloads.add(record.encode());
            outcomes.put(p, new LedgerOutcome.Stored(response, false, after));
        }
        long firstSeq = payloads.isEmpty() ? -1 : journal.append(payloads);
        // Durable from here: publish, answer, then hand the events to the applier.
        recent.putAll(added);
        counters.putAll(touched);
        touched.forEach((key, used) -> {
            try {
                committed.accept(key, used);
            } catch (RuntimeException e) {
                LOG.warn("Could not publish counter {}: {}", key, e.toString());
            }
        });
        for (Pending p : group) {
            p.result().complete(outcomes.get(p));
        }
        for (int i = 0; i < records.size(); i++) {
            backlog.put(new Applied(firstSeq + i, records.get(i)));
        }
        int depth = backlog.size();
        synchronized (this) {
            peakBacklog = Math.max(peakBacklog, depth);
        }
    }

    // ---- the applier --------------------------------------------------------------------------------------------

    private void apply() {
        List<Applied> batch = new ArrayList<>(APPLY_BATCH);
        while (!(sequencerDone && backlog.isEmpty())) {
            try {
                if (!applyGatherer.next(backlog, batch, 200, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                applyWithRetry(batch);
                afterApplied(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** H2 refusing a write is not a reason to lose the journaled events: retry until it takes them. */
    private void applyWithRetry(List<Applied> batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                writeToDatabase(batch);
                return;
            } catch (SQLException | RuntimeException e) {
                if (attempt == 0 || attempt % 60 == 0) {
                    LOG.error("Usage journal: cannot apply {} events to the database (attempt {}); retrying",
                            batch.size(), attempt + 1, e);
                }
                if (!running && attempt >= 5) {
                    LOG.error("Usage journal: stopping with {} events journaled but not applied; the next start "
                            + "applies them", batch.size() + backlog.size());
                    throw new IllegalStateException("usage journal applier gave up at shutdown", e);
                }
                Thread.sleep(1000);
            }
        }
    }

    private void afterApplied(List<Applied> batch) {
        List<IdKey> ids = new ArrayList<>(batch.size());
        for (Applied a : batch) {
            ids.add(new IdKey(a.record().counter().tenantId(), a.record().requestId()));
        }
        long generation = appliedGeneration + 1;
        appliedGeneration = generation;
        generations.addLast(ids);
        while (generations.size() > KEEP_GENERATIONS) {
            // Announce first, then forget: a sequencer that misses an id here sees the announcement.
            evictedThrough = generation - generations.size() + 1;
            generations.removeFirst().forEach(recent::remove);
        }
        appliedSeq = batch.get(batch.size() - 1).seq();
        try {
            journal.releaseThrough(appliedSeq);
        } catch (IOException e) {
            LOG.warn("Usage journal: cannot delete applied segments: {}", e.toString());
        }
    }

    private void writeToDatabase(List<Applied> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO usage_event (tenant_id, request_id, "
                        + "metric, amount, occurred_at, received_at, period_key, kind, payload_hash, response_status, "
                        + "response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Applied a : batch) {
                        UsageJournalRecord r = a.record();
                        ps.setString(1, r.counter().tenantId());
                        ps.setString(2, r.requestId());
                        ps.setString(3, r.counter().metric());
                        ps.setLong(4, r.amount());
                        ps.setTimestamp(5, Timestamp.from(r.occurredAt()));
                        ps.setTimestamp(6, Timestamp.from(r.receivedAt()));
                        ps.setString(7, r.counter().periodKey());
                        ps.setString(8, r.kind().name());
                        ps.setString(9, r.payloadHash());
                        ps.setInt(10, r.status());
                        ps.setString(11, r.body());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                Map<CounterKey, Long> last = new HashMap<>();
                for (Applied a : batch) {
                    last.merge(a.record().counter(), a.record().usedAfter(), Math::max);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "MERGE INTO usage_counter (tenant_id, metric, period_key, used) KEY (tenant_id, metric, period_key) "
                                + "VALUES (?, ?, ?, ?)")) {
                    for (Map.Entry<CounterKey, Long> e : last.entrySet()) {
                        ps.setString(1, e.getKey().tenantId());
                        ps.setString(2, e.getKey().metric());
                        ps.setString(3, e.getKey().periodKey());
                        ps.setLong(4, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE usage_journal_checkpoint SET applied_seq = ? WHERE name = ? AND applied_seq < ?")) {
                    long seq = batch.get(batch.size() - 1).seq();
                    ps.setLong(1, seq);
                    ps.setString(2, CHECKPOINT);
                    ps.setLong(3, seq);
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("The usage journal checkpoint is at or past " + seq
                                + ": refusing to apply these events twice");
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    // ---- H2 reads -----------------------------------------------------------------------------------------------

    private Known lookUp(IdKey id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT payload_hash, response_status, response_body "
                     + "FROM usage_event WHERE tenant_id = ? AND request_id = ?")) {
            ps.setString(1, id.tenantId());
            ps.setString(2, id.requestId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Known(rs.getString(1), new StoredResponse(rs.getInt(2), rs.getString(3))) : null;
            }
        }
    }

    private long databaseUsed(CounterKey key) throws SQLException {
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

    private static long checkpoint(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT applied_seq FROM usage_journal_checkpoint WHERE name = ?")) {
            ps.setString(1, CHECKPOINT);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("usage_journal_checkpoint has no row '" + CHECKPOINT + "'");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Stops taking commands, journals what is queued, writes every journaled event to H2, closes the journal. */
    @Override
    public void close() {
        running = false;
        try {
            sequencer.join(Duration.ofSeconds(30).toMillis());
            applier.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Usage journal: stopped; applied through {}, {} events left for the next start (peak backlog {})",
                appliedSeq, backlog.size(), peakBacklog());
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("Usage journal: closing: {}", e.toString());
        }
    }
}
