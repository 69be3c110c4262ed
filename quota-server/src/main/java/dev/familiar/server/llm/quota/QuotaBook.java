package dev.familiar.server.llm.quota;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reservations of one embedded server (H2, a file only this process opens) decided in memory: the committed row plus
 * the tokens decided since, per quota and window. Each group of decisions is appended to a {@link QuotaJournal} with
 * one write before it is answered; the rows take what the journal holds in bulk ({@link #flush}: one transaction per
 * {@link #FLUSH_AFTER_MILLIS} or whenever a reader or another writer needs them exact), together with the number of
 * the last frame they hold ({@code token_quota_journal}), so a restart replays exactly the frames after it.
 *
 * <p>Only reservations the window's allowance covers are decided here; one that needs the purchased balance, or a
 * quota with no row yet, goes to {@link QuotaStore#reserveAll} (row locks, as before) after a flush. Other writers of
 * {@code token_quota} change {@code total_tokens} only, which the next decision reads from the row; the ones that
 * change {@code used_tokens} (an excess charge, a release that returns purchased tokens) run under
 * {@link #exclusive} after a flush. Deltas are applied as {@code used + delta} into the window they were taken from
 * (a window that has ended meanwhile starts again from them; a delta for a window the row has left is dropped), so
 * they commute with everything else. Thread-safe (one lock).
 */
public final class QuotaBook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaBook.class);
    /** The rows are at most this far behind the journal (plus one flush). */
    static final long FLUSH_AFTER_MILLIS = 200;

    /** Tokens taken from ({@code tokens > 0}) or given back to ({@code < 0}) a quota's window. */
    record Delta(QuotaKey key, Instant windowStart, long tokens) {
    }

    /** What {@link #decide} could answer here; {@code rest} holds the indexes for {@link QuotaStore#reserveAll}. */
    record Decided(List<Optional<Reservation>> results, List<Integer> rest) {
    }

    /** A piece of work that must see the rows exact, with no decision in between. */
    public interface Exclusive<T> {
        T run() throws SQLException;
    }

    private final QuotaStore store;
    private final DataSource dataSource;
    private final Clock clock;
    private final QuotaJournal journal; // null: an in-memory database, nothing to recover
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@code lock}: tokens per quota and window start not yet in the rows. */
    private final Map<QuotaKey, TreeMap<Instant, Long>> pending = new HashMap<>();
    private long seq;
    private long firstPendingNanos;
    private long frames;
    private long flushes;

    private QuotaBook(QuotaStore store, DataSource dataSource, Clock clock, QuotaJournal journal, long seq) {
        this.store = store;
        this.dataSource = dataSource;
        this.clock = clock;
        this.journal = journal;
        this.seq = seq;
    }

    /**
     * Whether reservations may be decided in this process: an embedded H2 database (a file or memory that only this
     * process opens), not PostgreSQL or an H2 server that other processes may share.
     */
    public static boolean usableFor(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:tcp:")
                && !jdbcUrl.startsWith("jdbc:h2:ssl:") && !jdbcUrl.contains("AUTO_SERVER=TRUE");
    }

    /** The journal beside an embedded H2 file ({@code <file>.tokens-journal}); empty for an in-memory database. */
    public static Optional<Path> journalFor(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String name = options < 0 ? rest : rest.substring(0, options);
        if (name.startsWith("mem:")) {
            return Optional.empty();
        }
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        return Optional.of(Path.of(name + ".tokens-journal"));
    }

    /**
     * Opens the book for {@code store}: replays the journal's frames after the rows' last one into the rows, then
     * attaches itself to the store. {@code journalFile} empty: an in-memory database (no journal).
     */
    public static QuotaBook open(QuotaStore store, DataSource dataSource, Clock clock, Optional<Path> journalFile)
            throws SQLException, IOException {
        long applied = appliedSeq(dataSource);
        QuotaJournal journal = null;
        long seq = applied;
        if (journalFile.isPresent()) {
            journal = QuotaJournal.open(journalFile.get());
            List<QuotaJournal.Frame> frames = journal.readAll();
            List<Delta> replay = new ArrayList<>();
            for (QuotaJournal.Frame f : frames) {
                if (f.seq() > applied) {
                    replay.addAll(f.deltas());
                    seq = Math.max(seq, f.seq());
                }
            }
            if (!replay.isEmpty()) {
                apply(dataSource, merge(replay), seq, clock.instant());
                LOG.info("Quota journal: {} change(s) replayed into the quotas (through frame {})",
                        replay.size(), seq);
            }
            journal.clear();
        }
        QuotaBook book = new QuotaBook(store, dataSource, clock, journal, seq);
        store.attach(book);
        return book;
    }

    /**
     * Decides what the windows' allowances cover, in arrival order per quota, journals it and returns it; the other
     * requests (no row yet, or the allowance does not cover them: the purchased balance is the database's) are
     * listed in {@code rest} in arrival order, undecided. Nothing is granted when this throws.
     */
    Decided decide(List<QuotaStore.Request> requests) throws SQLException {
        List<Optional<Reservation>> results = new ArrayList<>(Collections.nCopies(requests.size(), Optional.empty()));
        List<Integer> rest = new ArrayList<>();
        Map<QuotaKey, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            byKey.computeIfAbsent(requests.get(i).key(), k -> new ArrayList<>()).add(i);
        }
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Delta> deltas = new ArrayList<>();
            try (Connection c = dataSource.getConnection()) {
                for (Map.Entry<QuotaKey, List<Integer>> entry : byKey.entrySet()) {
                    QuotaKey key = entry.getKey();
                    Optional<QuotaStore.Row> row = store.readRow(c, key);
                    if (row.isEmpty()) {
                        rest.addAll(entry.getValue());
                        continue;
                    }
                    QuotaStore.Row r = row.get();
                    Instant start = new QuotaWindow(r.windowSeconds()).currentStart(r.windowStart(), now);
                    long used = (start.equals(r.windowStart()) ? r.used() : 0) + pendingFor(key, start);
                    long taken = 0;
                    List<Integer> indexes = entry.getValue();
                    for (int n = 0; n < indexes.size(); n++) {
                        int index = indexes.get(n);
                        long tokens = requests.get(index).tokens();
                        if (used + taken + tokens > r.total()) {
                            // the balance is the database's: this one and the later ones of the quota go there
                            rest.addAll(indexes.subList(n, indexes.size()));
                            break;
                        }
                        taken += tokens;
                        results.set(index, Optional.of(new Reservation(key, tokens, 0, start)));
                    }
                    if (taken > 0) {
                        deltas.add(new Delta(key, start, taken));
                    }
                }
            }
            if (!deltas.isEmpty()) {
                record(deltas);
            }
            Collections.sort(rest);
            return new Decided(results, rest);
        } finally {
            lock.unlock();
        }
    }

    /** Gives {@code tokens} of a reservation's allowance back into its window (a journalled delta). */
    void giveBack(Reservation reservation, long tokens) throws SQLException {
        lock.lock();
        try {
            record(List.of(new Delta(reservation.key(), reservation.windowStart(), -tokens)));
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} with the rows exact and no decision made meanwhile. */
    public <T> T exclusive(Exclusive<T> work) throws SQLException {
        lock.lock();
        try {
            flushLocked();
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** Applies everything journalled to the rows now. */
    public void flush() throws SQLException {
        lock.lock();
        try {
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Applies the journal to the rows when the oldest change waiting is {@link #FLUSH_AFTER_MILLIS} old. */
    void flushIfDue() throws SQLException {
        lock.lock();
        try {
            if (!pending.isEmpty() && System.nanoTime() - firstPendingNanos >= FLUSH_AFTER_MILLIS * 1_000_000) {
                flushLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Quotas with changes not yet in the rows (bounded by {@link #FLUSH_AFTER_MILLIS}). */
    public int backlog() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Journal frames written and bulk applications made since the start (for the performance notes). */
    public String stats() {
        lock.lock();
        try {
            return "frames=" + frames + " flushes=" + flushes + " pendingQuotas=" + pending.size();
        } finally {
            lock.unlock();
        }
    }

    private void record(List<Delta> deltas) throws SQLException {
        if (journal != null) {
            try {
                journal.append(seq + 1, deltas);
            } catch (IOException e) {
                throw new SQLException("the quota journal could not be written: " + e.getMessage(), e);
            }
        }
        seq++;
        frames++;
        if (pending.isEmpty()) {
            firstPendingNanos = System.nanoTime();
        }
        for (Delta d : deltas) {
            pending.computeIfAbsent(d.key(), k -> new TreeMap<>()).merge(d.windowStart(), d.tokens(), Long::sum);
        }
    }

    private long pendingFor(QuotaKey key, Instant windowStart) {
        TreeMap<Instant, Long> windows = pending.get(key);
        return windows == null ? 0 : windows.getOrDefault(windowStart, 0L);
    }

    private void flushLocked() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<Delta> deltas = new ArrayList<>();
        pending.forEach((key, windows) -> windows.forEach((start, tokens) -> deltas.add(new Delta(key, start, tokens))));
        apply(dataSource, deltas, seq, clock.instant());
        pending.clear();
        flushes++;
        if (journal != null) {
            try {
                journal.clear();
            } catch (IOException e) {
                // the rows say which frames they hold: a restart skips them
                LOG.warn("The quota journal could not be emptied: {}", e.getMessage());
            }
        }
    }

    /** One delta per quota and window, in window order. */
    private static List<Delta> merge(List<Delta> deltas) {
        Map<QuotaKey, TreeMap<Instant, Long>> sums = new LinkedHashMap<>();
        for (Delta d : deltas) {
            sums.computeIfAbsent(d.key(), k -> new TreeMap<>()).merge(d.windowStart(), d.tokens(), Long::sum);
        }
        List<Delta> out = new ArrayList<>();
        sums.forEach((key, windows) -> windows.forEach((start, tokens) -> out.add(new Delta(key, start, tokens))));
        return out;
    }

    /**
     * In one transaction: each delta into its window ({@code used + delta} when the row is in that window; the
     * window rolled forward to it, starting from the delta, when the row is in an earlier one; nothing when the row
     * has moved past it), and the number of the last frame the rows now hold.
     */
    private static void apply(DataSource dataSource, List<Delta> deltas, long throughSeq, Instant now)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET used_tokens = CASE WHEN "
                        + "window_start = ? THEN GREATEST(0, used_tokens + ?) ELSE GREATEST(0, ?) END, window_start = ?, "
                        + "updated_at = ? WHERE owner_kind = ? AND owner_id = ? AND provider = ? AND window_start <= ?")) {
                    for (Delta d : deltas) {
                        Timestamp start = Timestamp.from(d.windowStart());
                        ps.setTimestamp(1, start);
                        ps.setLong(2, d.tokens());
                        ps.setLong(3, d.tokens());
                        ps.setTimestamp(4, start);
                        ps.setTimestamp(5, Timestamp.from(now));
                        QuotaStore.bindKey(ps, 6, d.key());
                        ps.setTimestamp(9, start);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE token_quota_journal SET applied_seq = ? WHERE id = 1")) {
                    ps.setLong(1, throughSeq);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static long appliedSeq(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT applied_seq FROM token_quota_journal WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Applies what is journalled and closes the journal (a stop; a crash leaves it for the next start). */
    @Override
    public void close() {
        lock.lock();
        try {
            flushLocked();
            LOG.info("Quota journal closed: {} frame(s) written, {} bulk application(s) to the rows", frames, flushes);
        } catch (SQLException e) {
            LOG.warn("Quota reservations not yet in the rows stay in the journal for the next start: {}", e.getMessage());
        } finally {
            try {
                if (journal != null) {
                    journal.close();
                }
            } catch (IOException e) {
                LOG.warn("The quota journal did not close: {}", e.getMessage());
            } finally {
                lock.unlock();
            }
        }
    }
}
