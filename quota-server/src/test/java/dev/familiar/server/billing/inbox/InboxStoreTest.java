package dev.familiar.server.billing.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.TestServers;
import dev.familiar.server.billing.webhook.InboxEvent;
import dev.familiar.server.billing.webhook.WebhookInbox;
import dev.familiar.server.db.Database;
import dev.familiar.server.http.KeysetCursor;
import dev.familiar.server.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Path;
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
 * The inbox's keyset pages on real storage (H2, and PostgreSQL through the storage run) over an exact data set:
 * 12 events received one minute apart (two pairs in the same instant, so the id breaks the tie), each status and
 * several types. Every page size walks the whole list newest first without a gap or a duplicate; each filter
 * answers exactly the events it names; the replay's re-queue answers QUEUED, ALREADY_PENDING or UNKNOWN.
 */
@Tag("storage")
class InboxStoreTest {
    static final Instant T0 = Instant.parse("2030-05-01T10:00:00Z");

    @TempDir
    Path tempDir;
    Database database;
    MutableClock clock;
    WebhookInbox inbox;
    InboxStore store;
    /** Event ids, newest first (the order every unfiltered page walk must give). */
    final List<String> newestFirst = new ArrayList<>();

    record Row(String id, String type, String status, int minute) {
    }

    static final List<Row> ROWS = List.of(
            new Row("evt_a01", "invoice.paid", "APPLIED", 0),
            new Row("evt_a02", "invoice.payment_failed", "FAILED", 1),
            new Row("evt_a03", "customer.subscription.updated", "APPLIED", 2),
            new Row("evt_a04", "customer.subscription.deleted", "STALE", 3),
            new Row("evt_a05", "customer.updated", "IGNORED", 4),
            new Row("evt_a06", "invoice.paid", "PENDING", 5),
            new Row("evt_a07", "customer.subscription.created", "FAILED", 5), // same instant as evt_a06
            new Row("evt_a08", "invoice.created", "APPLIED", 6),
            new Row("evt_a09", "customer_x.subscription.updated", "APPLIED", 7), // '_' must not match like a wildcard
            new Row("evt_a10", "invoice.paid", "FAILED", 8),
            new Row("evt_a11", "invoice.finalized", "PENDING", 9),
            new Row("evt_a12", "invoice.finalized", "APPLIED", 9)); // same instant as evt_a11

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.config(tempDir));
        clock = new MutableClock(T0);
        inbox = new WebhookInbox(database.dataSource(), clock);
        store = new InboxStore(database.dataSource(), clock);
        int minute = 0;
        for (Row r : ROWS) {
            clock.advance(Duration.ofMinutes(r.minute() - minute)); // rows are in time order
            minute = r.minute();
            assertThat(inbox.store(r.id(), r.type(), "obj_" + r.id(), T0.getEpochSecond(), "{\"id\":\"" + r.id() + "\"}",
                    "corr-" + r.id(), WebhookInbox.SOURCE_STRIPE)).isTrue();
            setStatus(r.id(), r.status());
        }
        List<Row> order = new ArrayList<>(ROWS);
        order.sort((x, y) -> x.minute() != y.minute() ? Integer.compare(y.minute(), x.minute()) : y.id().compareTo(x.id()));
        order.forEach(r -> newestFirst.add(r.id()));
    }

    @AfterEach
    void close() {
        database.close();
    }

    void setStatus(String id, String status) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE webhook_event SET status = ? WHERE event_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    List<String> walk(InboxFilter filter, int limit) throws Exception {
        List<String> seen = new ArrayList<>();
        Optional<KeysetCursor> cursor = Optional.empty();
        int pages = 0;
        do {
            InboxStore.Page page = store.page(filter, cursor, limit);
            assertThat(page.events().size()).isLessThanOrEqualTo(limit);
            page.events().forEach(e -> seen.add(e.eventId()));
            // the cursor goes through its text form, as a client sends it back
            cursor = page.next().map(KeysetCursor::encode).flatMap(KeysetCursor::decode);
            pages++;
            assertThat(pages).as("pages").isLessThan(50);
        } while (cursor.isPresent());
        return seen;
    }

    static InboxFilter type(String type, boolean prefix) {
        return new InboxFilter(Optional.empty(), Optional.of(type), prefix, Optional.empty(), Optional.empty());
    }

    @Test
    void everyPageSizeWalksTheWholeInboxNewestFirstWithoutGapOrDuplicate() throws Exception {
        assertThat(newestFirst).startsWith("evt_a12", "evt_a11", "evt_a10", "evt_a09", "evt_a08", "evt_a07", "evt_a06");
        for (int limit : List.of(1, 2, 3, 5, 11, 12, 13, 500)) {
            assertThat(walk(InboxFilter.all(), limit)).as("limit %d", limit).containsExactlyElementsOf(newestFirst);
        }
    }

    @Test
    void aFullLastPageHasNoNextCursorOnlyWhenNothingFollows() throws Exception {
        assertThat(store.page(InboxFilter.all(), Optional.empty(), 12).next()).isEmpty();
        assertThat(store.page(InboxFilter.all(), Optional.empty(), 11).next()).isPresent();
    }

    @Test
    void theStatusFilterAnswersExactlyThatStatus() throws Exception {
        InboxFilter failed = new InboxFilter(Optional.of("FAILED"), Optional.empty(), false, Optional.empty(),
                Optional.empty());
        assertThat(walk(failed, 2)).containsExactly("evt_a10", "evt_a07", "evt_a02");
        InboxFilter pending = new InboxFilter(Optional.of("PENDING"), Optional.empty(), false, Optional.empty(),
                Optional.empty());
        assertThat(walk(pending, 1)).containsExactly("evt_a11", "evt_a06");
        InboxFilter stale = new InboxFilter(Optional.of("STALE"), Optional.empty(), false, Optional.empty(),
                Optional.empty());
        assertThat(walk(stale, 5)).containsExactly("evt_a04");
    }

    @Test
    void theTypeFilterIsExactOrAPrefixAndUnderscoresAreNotWildcards() throws Exception {
        assertThat(walk(type("invoice.paid", false), 2)).containsExactly("evt_a10", "evt_a06", "evt_a01");
        assertThat(walk(type("invoice.", true), 2))
                .containsExactly("evt_a12", "evt_a11", "evt_a10", "evt_a08", "evt_a06", "evt_a02", "evt_a01");
        assertThat(walk(type("customer.subscription.", true), 1)).containsExactly("evt_a07", "evt_a04", "evt_a03");
        assertThat(walk(type("customer_", true), 1)).containsExactly("evt_a09");
        assertThat(walk(type("customer.", true), 10)).containsExactly("evt_a07", "evt_a05", "evt_a04", "evt_a03");
        assertThat(walk(type("invoice", false), 10)).isEmpty();
    }

    @Test
    void theTimeFilterIncludesFromAndExcludesTo() throws Exception {
        InboxFilter window = new InboxFilter(Optional.empty(), Optional.empty(), false,
                Optional.of(T0.plus(Duration.ofMinutes(5))), Optional.of(T0.plus(Duration.ofMinutes(9))));
        assertThat(walk(window, 2)).containsExactly("evt_a10", "evt_a09", "evt_a08", "evt_a07", "evt_a06");
        InboxFilter combined = new InboxFilter(Optional.of("APPLIED"), Optional.of("invoice."), true,
                Optional.of(T0), Optional.of(T0.plus(Duration.ofMinutes(7))));
        assertThat(walk(combined, 1)).containsExactly("evt_a08", "evt_a01");
    }

    @Test
    void theListedEventCarriesNoPayloadAndTheFoundOneDoes() throws Exception {
        InboxEvent listed = store.page(InboxFilter.all(), Optional.empty(), 1).events().get(0);
        assertThat(listed.payload()).isNull();
        assertThat(listed.receivedAt()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
        InboxEvent found = store.find("evt_a02").orElseThrow();
        assertThat(found.payload()).isEqualTo("{\"id\":\"evt_a02\"}");
        assertThat(found.status()).isEqualTo("FAILED");
        assertThat(store.find("evt_nope")).isEmpty();
    }

    @Test
    void aRequeueQueuesAFinishedEventLeavesAWaitingOneAloneAndKnowsUnknownIds() throws Exception {
        assertThat(store.requeue("evt_a02", "replay-1")).isEqualTo(InboxStore.Requeue.QUEUED);
        InboxEvent queued = store.find("evt_a02").orElseThrow();
        assertThat(queued.status()).isEqualTo("PENDING");
        assertThat(queued.correlationId()).isEqualTo("replay-1");

        assertThat(store.requeue("evt_a06", "replay-2")).isEqualTo(InboxStore.Requeue.ALREADY_PENDING);
        assertThat(store.find("evt_a06").orElseThrow().correlationId()).isEqualTo("corr-evt_a06");
        assertThat(store.requeue("evt_a02", "replay-3")).isEqualTo(InboxStore.Requeue.ALREADY_PENDING);
        assertThat(store.requeue("evt_missing", "replay-4")).isEqualTo(InboxStore.Requeue.UNKNOWN);
    }

    @Test
    void theOperationsGaugeCountsPendingAndFailedEventsAndFollowsAReplay() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        InboxMetrics.register(registry, store, nanos::get);
        java.util.function.Function<String, Double> gauge =
                s -> registry.get(InboxMetrics.NAME).tag("status", s).gauge().value();

        assertThat(store.countByStatus(List.of("PENDING", "FAILED", "APPLIED")))
                .containsExactly(java.util.Map.entry("PENDING", 2L), java.util.Map.entry("FAILED", 3L),
                        java.util.Map.entry("APPLIED", 5L));
        assertThat(gauge.apply("FAILED")).isEqualTo(3);
        assertThat(gauge.apply("PENDING")).isEqualTo(2);

        assertThat(store.requeue("evt_a02", "corr-replay")).isEqualTo(InboxStore.Requeue.QUEUED);
        assertThat(gauge.apply("FAILED")).as("read again only after 10 s").isEqualTo(3);
        nanos.addAndGet(java.time.Duration.ofSeconds(10).toNanos());
        assertThat(gauge.apply("FAILED")).isEqualTo(2);
        assertThat(gauge.apply("PENDING")).isEqualTo(3);
    }
}
