package dev.familiar.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import dev.familiar.server.journal.Journal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger against a real H2 file: what a crash leaves in the journal is applied at the next start, once,
 * however often the server starts; a torn tail is ignored; a retried id gets the first answer byte for byte, from
 * memory and, after a restart, from H2.
 */
class JournaledUsageLedgerTest {
    private static final CounterKey KEY = new CounterKey("11111111-1111-1111-1111-111111111111", "api_call",
            "2026-11-01");

    @TempDir
    Path tempDir;

    @Test
    void eventsJournaledButNotAppliedAtACrashAreCountedOnceHoweverOftenTheServerStarts() throws Exception {
        String url = "jdbc:h2:file:" + tempDir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Path journalDir = UsageJournalSettings.journalDirFor(url).orElseThrow();
        try (Database db = open(url)) {
            // What a kill -9 leaves: three answered groups in the journal, none applied to H2 yet.
            try (Journal j = Journal.open(journalDir, false, 1 << 20, 1)) {
                j.append(List.of(record("r-1", 1, 1).encode(), record("r-2", 2, 3).encode()));
                j.append(List.of(record("r-3", 4, 7).encode()));
            }
            for (int start = 0; start < 3; start++) {
                open(db, journalDir).close();
                assertThat(count(db, "SELECT COUNT(*) FROM usage_event")).isEqualTo(3);
                assertThat(count(db, "SELECT SUM(amount) FROM usage_event")).isEqualTo(7);
                assertThat(count(db, "SELECT used FROM usage_counter")).isEqualTo(7);
                assertThat(count(db, "SELECT applied_seq FROM usage_journal_checkpoint")).isEqualTo(3);
            }
        }
    }

    @Test
    void aServerThatNoLongerJournalsAppliesWhatAnEarlierRunJournaledOnce() throws Exception {
        String url = "jdbc:h2:file:" + tempDir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Path journalDir = UsageJournalSettings.journalDirFor(url).orElseThrow();
        try (Database db = open(url)) {
            JournaledUsageLedger.applyLeftovers(db.dataSource(), Clock.systemUTC(), journalDir);
            assertThat(journalDir).doesNotExist();
            assertThat(count(db, "SELECT COUNT(*) FROM usage_event")).isZero();
            try (Journal j = Journal.open(journalDir, false, 1 << 20, 1)) {
                j.append(List.of(record("r-1", 2, 2).encode(), record("r-2", 3, 5).encode()));
            }
            for (int start = 0; start < 2; start++) {
                JournaledUsageLedger.applyLeftovers(db.dataSource(), Clock.systemUTC(), journalDir);
                assertThat(count(db, "SELECT COUNT(*) FROM usage_event")).isEqualTo(2);
                assertThat(count(db, "SELECT used FROM usage_counter")).isEqualTo(5);
            }
            // the database ledger then goes on from the applied counter
            try (DatabaseUsageLedger ledger = new DatabaseUsageLedger(db.dataSource(), Clock.systemUTC(), (k, v) -> { })) {
                assertThat(ledger.submit(command("r-3", 1, "h-r-3")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(LedgerOutcome.Stored.class);
            }
            assertThat(count(db, "SELECT used FROM usage_counter")).isEqualTo(6);
        }
    }

    @Test
    void aTornRecordAtTheJournalsEndIsIgnoredAndTheNextEventFollowsTheLastWholeOne() throws Exception {
        String url = "jdbc:h2:file:" + tempDir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Path journalDir = UsageJournalSettings.journalDirFor(url).orElseThrow();
        try (Database db = open(url)) {
            try (Journal j = Journal.open(journalDir, false, 1 << 20, 1)) {
                j.append(List.of(record("r-1", 1, 1).encode()));
                j.append(List.of(record("r-torn", 5, 6).encode())); // never answered: its write was cut
            }
            Path segment;
            try (Stream<Path> s = Files.list(journalDir)) {
                segment = s.findFirst().orElseThrow();
            }
            try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - 10);
            }
            try (JournaledUsageLedger ledger = open(db, journalDir)) {
                assertThat(ledger.committedUsed(KEY)).isEqualTo(1);
                LedgerOutcome outcome = ledger.submit(command("r-next", 2, "h-next")).get(10, TimeUnit.SECONDS);
                assertThat(outcome).isInstanceOf(LedgerOutcome.Stored.class);
                assertThat(((LedgerOutcome.Stored) outcome).usedAfter()).isEqualTo(3);
            }
            assertThat(count(db, "SELECT COUNT(*) FROM usage_event")).isEqualTo(2);
            assertThat(count(db, "SELECT COUNT(*) FROM usage_event WHERE request_id = 'r-torn'")).isZero();
            assertThat(count(db, "SELECT used FROM usage_counter")).isEqualTo(3);
        }
    }

    @Test
    void aRetryGetsTheFirstAnswerByteForByteAndAnotherPayloadIsAConflictBeforeAndAfterARestart() throws Exception {
        String url = "jdbc:h2:file:" + tempDir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Path journalDir = UsageJournalSettings.journalDirFor(url).orElseThrow();
        try (Database db = open(url)) {
            String first;
            try (JournaledUsageLedger ledger = open(db, journalDir)) {
                first = body(ledger.submit(command("same", 2, "h-1")).get(10, TimeUnit.SECONDS));
                assertThat(body(ledger.submit(command("same", 2, "h-1")).get(10, TimeUnit.SECONDS))).isEqualTo(first);
                assertThat(ledger.submit(command("same", 3, "h-2")).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(LedgerOutcome.Conflict.class);
            }
            try (JournaledUsageLedger ledger = open(db, journalDir)) { // now only H2 knows the id
                LedgerOutcome again = ledger.submit(command("same", 2, "h-1")).get(10, TimeUnit.SECONDS);
                assertThat(((LedgerOutcome.Stored) again).replay()).isTrue();
                assertThat(body(again)).isEqualTo(first);
                assertThat(ledger.submit(command("same", 3, "h-2")).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(LedgerOutcome.Conflict.class);
                assertThat(ledger.find(KEY.tenantId(), "same")).map(r -> r.response().body()).contains(first);
                assertThat(ledger.committedUsed(KEY)).isEqualTo(2);
            }
            assertThat(count(db, "SELECT COUNT(*) FROM usage_event")).isEqualTo(1);
        }
    }

    @Test
    void consumeIsDeniedPastTheAllowanceAndManyGroupsAddUpExactly() throws Exception {
        String url = "jdbc:h2:file:" + tempDir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Path journalDir = UsageJournalSettings.journalDirFor(url).orElseThrow();
        try (Database db = open(url)) {
            List<java.util.concurrent.CompletableFuture<LedgerOutcome>> results = new ArrayList<>();
            try (JournaledUsageLedger ledger = open(db, journalDir)) {
                for (int i = 0; i < 10_000; i++) {
                    results.add(ledger.submit(new UsageCommand(UsageCommand.Kind.CONSUME, KEY, "c-" + i, 1, 6_000,
                            Instant.now(), "h", (used, limit) -> new StoredResponse(200, "{\"used\":" + used + "}"))));
                }
                long granted = 0;
                for (var r : results) {
                    if (r.get(30, TimeUnit.SECONDS) instanceof LedgerOutcome.Stored) {
                        granted++;
                    }
                }
                assertThat(granted).isEqualTo(6_000);
                assertThat(ledger.backlog()).isLessThanOrEqualTo(JournaledUsageLedger.MAX_BACKLOG);
            }
            assertThat(count(db, "SELECT COUNT(*) FROM usage_event")).isEqualTo(6_000);
            assertThat(count(db, "SELECT used FROM usage_counter")).isEqualTo(6_000);
        }
    }

    private static Database open(String url) {
        return Database.open(new ServerConfig("127.0.0.1", 0, Path.of("."), url, "sa", "", Optional.empty(),
                ServerConfig.DEFAULT_TENANT_HEADER, Optional.empty(), Optional.empty()));
    }

    private static JournaledUsageLedger open(Database db, Path journalDir) throws Exception {
        return JournaledUsageLedger.open(db.dataSource(), Clock.systemUTC(), (k, v) -> { }, journalDir, false);
    }

    private static UsageJournalRecord record(String id, long amount, long usedAfter) {
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        return new UsageJournalRecord(UsageCommand.Kind.RECORD, KEY, id, amount, at, at, "h-" + id, 200,
                "{\"used\":" + usedAfter + "}", usedAfter);
    }

    private static UsageCommand command(String id, long amount, String hash) {
        return new UsageCommand(UsageCommand.Kind.RECORD, KEY, id, amount, 1_000, Instant.now(), hash,
                (used, limit) -> new StoredResponse(200, "{\"used\":" + used + ",\"at\":\"" + System.nanoTime() + "\"}"));
    }

    private static String body(LedgerOutcome outcome) {
        return ((LedgerOutcome.Stored) outcome).response().body();
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
