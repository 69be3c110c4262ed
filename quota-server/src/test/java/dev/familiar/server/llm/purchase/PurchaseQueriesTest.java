package dev.familiar.server.llm.purchase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.purchases.PurchaseStep;
import dev.familiar.model.purchases.PurchaseSummary;
import dev.familiar.server.TestServers;
import dev.familiar.server.db.Database;
import dev.familiar.server.http.KeysetCursor;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purchases list on real storage (H2, and PostgreSQL through the storage run) over an exact data set: 10 sagas
 * one minute apart (a pair in the same instant), of two organisations and none, in every state, one compensated.
 * Every page size walks them newest first without a gap or a duplicate; each filter answers exactly its sagas; the
 * step log keeps the order written, and a saga from before the log (V20) has no steps.
 */
@Tag("storage")
class PurchaseQueriesTest {
    static final Instant T0 = Instant.parse("2030-06-01T08:00:00Z");
    static final String ORG_A = "aaaaaaaa-0000-0000-0000-000000000001";
    static final String ORG_B = "bbbbbbbb-0000-0000-0000-000000000002";

    @TempDir
    Path tempDir;
    Database database;
    MutableClock clock;
    PurchaseStore store;
    PurchaseQueries queries;

    record Row(String sagaId, String org, Purchase.Status status, boolean compensated, int minute) {
    }

    static String saga(int n) {
        return String.format("00000000-0000-0000-0000-%012d", n);
    }

    static final List<Row> ROWS = List.of(
            new Row(saga(1), ORG_A, Purchase.Status.COMPLETED, false, 0),
            new Row(saga(2), ORG_A, Purchase.Status.FAILED, true, 1),
            new Row(saga(3), ORG_B, Purchase.Status.COMPLETED, false, 2),
            new Row(saga(4), null, Purchase.Status.STARTED, false, 3),
            new Row(saga(5), ORG_B, Purchase.Status.PAYMENT_RESERVED, false, 4),
            new Row(saga(6), ORG_A, Purchase.Status.TOKENS_ALLOCATED, false, 4), // same instant as saga 5
            new Row(saga(7), ORG_B, Purchase.Status.FAILED, true, 5),
            new Row(saga(8), null, Purchase.Status.COMPLETED, false, 6),
            new Row(saga(9), ORG_A, Purchase.Status.COMPLETED, false, 7),
            new Row(saga(10), ORG_B, Purchase.Status.FAILED, false, 8)); // failed without compensation to undo

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.config(tempDir));
        clock = new MutableClock(T0);
        store = new PurchaseStore(database.dataSource(), clock);
        queries = new PurchaseQueries(database.dataSource());
        int minute = 0;
        for (Row r : ROWS) {
            clock.advance(Duration.ofMinutes(r.minute() - minute));
            minute = r.minute();
            Instant now = clock.instant();
            assertThat(store.insert(new Purchase(r.sagaId(), "user-" + r.sagaId().substring(30), "tenant-1",
                    Optional.ofNullable(r.org()), "openai", 1000, 200, "usd", Optional.empty(), "hash",
                    Purchase.Status.STARTED, Optional.empty(), Optional.empty(), false, now, now,
                    now.plus(Duration.ofMinutes(10))))).isTrue();
            if (r.status() != Purchase.Status.STARTED) {
                assertThat(store.transition(r.sagaId(), Purchase.Status.STARTED, r.status(), Optional.of("pi_" + r.minute()),
                        Optional.ofNullable(r.status() == Purchase.Status.FAILED ? "declined" : null), r.compensated(),
                        StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.SUCCEEDED, "to " + r.status()))).isTrue();
            }
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    List<String> walk(PurchaseQueries.Filter filter, int limit) throws Exception {
        List<String> seen = new ArrayList<>();
        Optional<KeysetCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            PurchaseQueries.Page page = queries.page(filter, cursor, limit);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            page.items().forEach(p -> seen.add(p.sagaId()));
            cursor = page.next().map(KeysetCursor::encode).flatMap(KeysetCursor::decode);
            assertThat(++pages).isLessThan(50);
        } while (cursor.isPresent());
        return seen;
    }

    static PurchaseQueries.Filter status(String status) {
        return new PurchaseQueries.Filter(Optional.of(status), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void everyPageSizeWalksAllSagasNewestFirstWithoutGapOrDuplicate() throws Exception {
        List<String> expected = List.of(saga(10), saga(9), saga(8), saga(7), saga(6), saga(5), saga(4), saga(3), saga(2),
                saga(1));
        for (int limit : List.of(1, 2, 3, 4, 9, 10, 11, 500)) {
            assertThat(walk(PurchaseQueries.Filter.all(), limit)).as("limit %d", limit).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theStatusFilterAnswersOneStateOrTheProblems() throws Exception {
        assertThat(walk(status("COMPLETED"), 1)).containsExactly(saga(9), saga(8), saga(3), saga(1));
        assertThat(walk(status("FAILED"), 2)).containsExactly(saga(10), saga(7), saga(2));
        assertThat(walk(status("STARTED"), 2)).containsExactly(saga(4));
        assertThat(walk(status("PAYMENT_RESERVED"), 2)).containsExactly(saga(5));
        assertThat(walk(status("TOKENS_ALLOCATED"), 2)).containsExactly(saga(6));
        assertThat(walk(status(PurchaseQueries.PROBLEM), 1)).containsExactly(saga(10), saga(7), saga(2));
    }

    @Test
    void theOrganisationAndTimeFiltersAnswerExactlyTheirSagas() throws Exception {
        assertThat(walk(new PurchaseQueries.Filter(Optional.empty(), Optional.of(ORG_A), Optional.empty(),
                Optional.empty()), 2)).containsExactly(saga(9), saga(6), saga(2), saga(1));
        assertThat(walk(new PurchaseQueries.Filter(Optional.empty(), Optional.empty(),
                Optional.of(T0.plus(Duration.ofMinutes(4))), Optional.of(T0.plus(Duration.ofMinutes(7)))), 1))
                .containsExactly(saga(8), saga(7), saga(6), saga(5));
        assertThat(walk(new PurchaseQueries.Filter(Optional.of("FAILED"), Optional.of(ORG_B), Optional.of(T0),
                Optional.of(T0.plus(Duration.ofMinutes(8)))), 1)).containsExactly(saga(7));
    }

    @Test
    void aSummaryCarriesTheSagasFields() throws Exception {
        PurchaseSummary s = queries.find(saga(2)).orElseThrow();
        assertThat(s.status()).isEqualTo("FAILED");
        assertThat(s.compensated()).isTrue();
        assertThat(s.error()).isEqualTo("declined");
        assertThat(s.paymentId()).isEqualTo("pi_1");
        assertThat(s.orgId()).isEqualTo(ORG_A);
        assertThat(s.tokens()).isEqualTo(1000);
        assertThat(s.amount()).isEqualTo(200);
        assertThat(s.createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(queries.find(saga(99))).isEmpty();
    }

    @Test
    void theStepLogKeepsTheOrderWrittenAndASagaFromBeforeTheLogHasNoSteps() throws Exception {
        store.log(saga(4), StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.UNKNOWN, "no clear answer"));
        store.log(saga(4), StepNote.of(StepNote.RETRY, StepNote.RETRYING, "next attempt in 5 s"));
        List<PurchaseStep> steps = queries.steps(saga(4));
        assertThat(steps).extracting(PurchaseStep::step).containsExactly("START", "RESERVE_PAYMENT", "RETRY");
        assertThat(steps).extracting(PurchaseStep::outcome).containsExactly("SUCCEEDED", "UNKNOWN", "RETRYING");
        assertThat(steps.get(0).detail()).isEqualTo("1000 openai tokens for 200 usd (minor units)");
        assertThat(steps.get(0).at()).isEqualTo(T0.plus(Duration.ofMinutes(3)));

        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM token_purchase_step WHERE saga_id = ?")) {
            ps.setString(1, saga(1));
            ps.executeUpdate(); // as a saga started before V20
        }
        assertThat(queries.steps(saga(1))).isEmpty();
        assertThat(queries.find(saga(1))).isPresent();
    }

    @Test
    void aStepDetailIsRedactedAndClipped() throws Exception {
        store.log(saga(4), StepNote.of(StepNote.CAPTURE_PAYMENT, StepNote.FAILED,
                "refused: Authorization: Bearer sk_live_abcdefghijklmnop0123456789 " + "x".repeat(400)));
        PurchaseStep last = queries.steps(saga(4)).get(1);
        assertThat(last.detail()).doesNotContain("sk_live_abcdefghijklmnop0123456789").hasSize(StepNote.MAX_DETAIL)
                .endsWith("…");
    }

    @Test
    void theOperationsGaugeCountsFailedAndUnfinishedSagasButNotCompletedOnes() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        PurchaseMetrics.register(registry, queries, nanos::get);
        java.util.function.Function<String, Double> gauge =
                s -> registry.get(PurchaseMetrics.NAME).tag("status", s).gauge().value();

        assertThat(gauge.apply("FAILED")).isEqualTo(3);
        assertThat(gauge.apply("STARTED")).isEqualTo(1);
        assertThat(gauge.apply("PAYMENT_RESERVED")).isEqualTo(1);
        assertThat(gauge.apply("TOKENS_ALLOCATED")).isEqualTo(1);
        assertThat(registry.find(PurchaseMetrics.NAME).tag("status", "COMPLETED").gauge()).isNull();

        assertThat(store.transition(saga(4), Purchase.Status.STARTED, Purchase.Status.FAILED, Optional.empty(),
                Optional.of("declined"), false, StepNote.of(StepNote.RESERVE_PAYMENT, StepNote.FAILED, "declined")))
                .isTrue();
        nanos.addAndGet(java.time.Duration.ofSeconds(10).toNanos());
        assertThat(gauge.apply("FAILED")).isEqualTo(4);
        assertThat(gauge.apply("STARTED")).isZero();
    }
}
