package dev.familiar.server.llm.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import dev.familiar.server.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server's in-memory reservations ({@link QuotaBook}) on a real H2 file: what was answered survives a
 * crash (the journal is replayed into the rows at the next start, exactly once), a torn last frame is ignored, and
 * parallel consumers never take more than the allowance plus the purchased balance.
 */
class QuotaBookTest {
    private static final QuotaWindow DAY = QuotaWindow.of(Duration.ofDays(1));

    @TempDir
    Path tempDir;

    private ServerConfig config;
    private Database database;
    private MutableClock clock;
    private QuotaStore store;
    private Path journal;

    @BeforeEach
    void open() throws Exception {
        config = TestServers.config(tempDir);
        database = Database.open(config);
        clock = MutableClock.startingNow();
        store = new QuotaStore(database.dataSource(), clock);
        journal = QuotaBook.journalFor(config.dbUrl()).orElseThrow();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static QuotaStore.Request request(QuotaKey key, long tokens) {
        return new QuotaStore.Request(key, tokens, Optional.empty(), DAY);
    }

    /** The row as stored, without applying anything a book holds. */
    private long usedInRow(QuotaKey key) throws Exception {
        try (var c = database.dataSource().getConnection()) {
            return new QuotaStore(database.dataSource(), clock).readRow(c, key).orElseThrow().used();
        }
    }

    @Test
    void anAnsweredReservationSurvivesACrashAndIsReplayedOnce() throws Exception {
        QuotaKey key = QuotaKey.user("u-crash", "openai");
        store.put(key, 100, DAY);
        QuotaBook book = QuotaBook.open(store, database.dataSource(), clock, Optional.of(journal));
        QuotaBook.Decided decided = book.decide(List.of(request(key, 30), request(key, 20)));
        assertThat(decided.results()).allMatch(Optional::isPresent);
        assertThat(usedInRow(key)).as("decided in memory, not yet in the row").isZero();
        assertThat(Files.size(journal)).as("journalled before the answer").isPositive();

        // kill -9: the book is never flushed or closed; the next start replays its journal
        QuotaStore restarted = new QuotaStore(database.dataSource(), clock);
        QuotaBook again = QuotaBook.open(restarted, database.dataSource(), clock, Optional.of(journal));
        assertThat(usedInRow(key)).isEqualTo(50);
        assertThat(Files.size(journal)).isZero();

        // a third start (the journal emptied, or not: the rows say which frames they hold) changes nothing
        Files.write(journal, frameOf(key, restarted.find(key).orElseThrow().windowStart(), 50),
                StandardOpenOption.TRUNCATE_EXISTING);
        QuotaBook.open(new QuotaStore(database.dataSource(), clock), database.dataSource(), clock, Optional.of(journal));
        assertThat(usedInRow(key)).as("frames already in the rows are not applied twice").isEqualTo(50);
        again.close();
    }

    /** Frame 1 as the first book wrote it (the journal itself was emptied by the replay). */
    private byte[] frameOf(QuotaKey key, java.time.Instant windowStart, long tokens) throws Exception {
        Path tmp = tempDir.resolve("frame.journal");
        try (QuotaJournal j = QuotaJournal.open(tmp)) {
            j.append(1, List.of(new QuotaBook.Delta(key, windowStart, tokens)));
        }
        return Files.readAllBytes(tmp);
    }

    @Test
    void aTornLastFrameIsIgnored() throws Exception {
        QuotaKey key = QuotaKey.user("u-torn", "openai");
        store.put(key, 100, DAY);
        QuotaBook book = QuotaBook.open(store, database.dataSource(), clock, Optional.of(journal));
        book.decide(List.of(request(key, 10)));
        book.decide(List.of(request(key, 15)));
        long whole = Files.size(journal);
        // a crash in the middle of the second frame's write: cut it short
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.truncate(whole - 5);
        }
        QuotaBook.open(new QuotaStore(database.dataSource(), clock), database.dataSource(), clock, Optional.of(journal));
        assertThat(usedInRow(key)).as("the whole first frame only").isEqualTo(10);
    }

    @Test
    void aCorruptFrameEndsTheJournal() throws Exception {
        QuotaKey key = QuotaKey.user("u-crc", "openai");
        store.put(key, 100, DAY);
        QuotaBook book = QuotaBook.open(store, database.dataSource(), clock, Optional.of(journal));
        book.decide(List.of(request(key, 10)));
        long first = Files.size(journal);
        book.decide(List.of(request(key, 15)));
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), first + 12); // inside the second frame's payload
        }
        QuotaBook.open(new QuotaStore(database.dataSource(), clock), database.dataSource(), clock, Optional.of(journal));
        assertThat(usedInRow(key)).isEqualTo(10);
    }

    @Test
    void readsAndReleasesSeeTheBookAndAWindowThatEndedStartsAgain() throws Exception {
        QuotaKey key = QuotaKey.user("u-read", "openai");
        store.put(key, 100, DAY);
        QuotaBook book = QuotaBook.open(store, database.dataSource(), clock, Optional.of(journal));
        Reservation r = book.decide(List.of(request(key, 40))).results().get(0).orElseThrow();
        assertThat(store.find(key).orElseThrow().usedTokens()).as("a read applies the book first").isEqualTo(40);
        store.release(r, 15);
        assertThat(store.find(key).orElseThrow().usedTokens()).isEqualTo(25);

        clock.advance(Duration.ofDays(1).plusSeconds(1));
        book.decide(List.of(request(key, 7)));
        store.release(r, 25); // the old window's tokens are not given back into the new one
        assertThat(store.find(key).orElseThrow().usedTokens()).isEqualTo(7);
        book.close();
    }

    @Test
    void parallelConsumersNeverTakeMoreThanTheAllowanceAndTheBalance() throws Exception {
        QuotaKey key = QuotaKey.org("org-race", "openai");
        store.put(key, 1_000, DAY);
        try (var c = database.dataSource().getConnection()) {
            store.addBalance(c, key, 55, clock.instant());
        }
        QuotaBook book = QuotaBook.open(store, database.dataSource(), clock, Optional.of(journal));
        AtomicLong granted = new AtomicLong();
        AtomicLong fromBalance = new AtomicLong();
        try (ReservationLedger ledger = new ReservationLedger(store, book)) {
            ExecutorService pool = Executors.newFixedThreadPool(64);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 64; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        ledger.reserve(request(key, 5)).ifPresent(r -> {
                            granted.addAndGet(r.tokens());
                            fromBalance.addAndGet(r.fromBalance());
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        // 64 × 5 × 5 = 1,600 asked for; 1,000 of allowance and 55 bought
        assertThat(granted.get()).isEqualTo(1_055);
        assertThat(fromBalance.get()).isEqualTo(55);
        assertThat(usedInRow(key)).as("closing applied the journal").isEqualTo(1_000);
        assertThat(store.balance(key)).isZero();
    }
}
