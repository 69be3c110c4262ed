package dev.familiar.server.prompt.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
import dev.familiar.server.db.Database;
import dev.familiar.server.prompt.PromptVersions;
import dev.familiar.server.prompt.datasets.DataSetStore;
import dev.familiar.server.prompt.datasets.DataSets;
import dev.familiar.server.prompt.datasets.RowChecker;
import dev.familiar.server.prompt.lab.IterationRunner;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch engine on real storage (H2, and PostgreSQL in the storage run), with the two ports it drives faked at
 * their edge: versions that exist in a map, and an iteration runner that records each call and answers as a test
 * scripts it (or blocks on a latch, to cancel or stop mid-row).
 */
@Tag("storage")
class BatchesTest {
    static final Principal ANNA = engineer("anna", Role.PROMPT_ENGINEER);
    static final Principal BORIS = engineer("boris", Role.PROMPT_ENGINEER);
    static final Principal ROOT = engineer("root", Role.ADMIN);

    @TempDir
    Path tempDir;
    Database database;
    DataSets dataSets;
    BatchStore store;
    FakeRunner runner;
    MutableClock clock;
    final List<Batches> engines = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.config(tempDir));
        clock = MutableClock.startingNow();
        PromptVersions versions = (function, version) -> "summarise".equals(function) && version == 1
                ? Optional.of(VERSION) : Optional.empty();
        dataSets = new DataSets(new DataSetStore(database.dataSource()), versions, REQUIRED_AND_KNOWN, clock);
        store = new BatchStore(database.dataSource());
        runner = new FakeRunner();
    }

    @AfterEach
    void close() {
        runner.release();
        engines.forEach(Batches::close);
        database.close();
    }

    Batches engine(BatchSettings settings) throws Exception {
        PromptVersions versions = (function, version) -> "summarise".equals(function) && version == 1
                ? Optional.of(VERSION) : Optional.empty();
        Batches batches = new Batches(store, dataSets, versions, runner, settings, clock).start(false);
        engines.add(batches);
        return batches;
    }

    Batches engine() throws Exception {
        return engine(BatchSettings.defaults());
    }

    @Test
    void aBatchOfFiveRowsCompletesWithEachRowsIterationInRowOrder() throws Exception {
        saveRows("five", 5);
        runner.script = call -> call == 3 ? ran(call, "FAILED") : ran(call, "SUCCEEDED");
        Batches batches = engine();

        BatchView started = started(batches.start(ANNA, request("five")));
        assertThat(started.status()).isEqualTo("RUNNING");
        assertThat(started.total()).isEqualTo(5);
        BatchView done = awaitEnd(batches, started.id());

        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.done()).isEqualTo(5);
        assertThat(done.failed()).isEqualTo(1);
        assertThat(done.iterationIds()).containsExactly("it-0", "it-1", "it-2", "it-3", "it-4");
        assertThat(done.promptTokens()).isEqualTo(5 * 10);
        assertThat(done.completionTokens()).isEqualTo(5 * 4);
        assertThat(done.cost()).isEqualByComparingTo("0.0125");
        assertThat(done.createdBy()).isEqualTo(ANNA.subject());
        assertThat(done.finishedAt()).isNotNull();
        assertThat(runner.calls).extracting(c -> c.request().data().path("topic").asText())
                .containsExactly("topic 0", "topic 1", "topic 2", "topic 3", "topic 4");
        assertThat(runner.calls).allSatisfy(c -> {
            assertThat(c.batchId()).isEqualTo(started.id());
            assertThat(c.engineer()).isEqualTo(ANNA);
            assertThat(c.request().settings().temperature()).isEqualTo(0.5);
        });
    }

    @Test
    void aCancelStopsAfterTheRowInFlight() throws Exception {
        saveRows("cancel-me", 5);
        runner.blockOnCall = 1;
        Batches batches = engine();
        String id = started(batches.start(ANNA, request("cancel-me"))).id();
        assertThat(runner.entered.await(30, TimeUnit.SECONDS)).isTrue();

        Batches.CancelOutcome outcome = batches.cancel(ANNA, id);
        assertThat(outcome).isInstanceOf(Batches.Cancelling.class);
        assertThat(((Batches.Cancelling) outcome).batch().status()).as("row 1 is still in flight").isEqualTo("RUNNING");
        runner.release();
        BatchView end = awaitEnd(batches, id);

        assertThat(end.status()).isEqualTo("CANCELLED");
        assertThat(end.done()).isEqualTo(2).isLessThan(end.total());
        assertThat(end.iterationIds()).containsExactly("it-0", "it-1");
        assertThat(runner.calls).hasSize(2);
    }

    @Test
    void aBatchCancelledWhileQueuedEndsCancelledAtOnceWithoutRunning() throws Exception {
        saveRows("rows", 3);
        runner.blockOnCall = 0;
        Batches batches = engine();
        String first = started(batches.start(ANNA, request("rows"))).id();
        assertThat(runner.entered.await(30, TimeUnit.SECONDS)).isTrue();
        String second = started(batches.start(ANNA, request("rows"))).id();

        BatchView cancelled = ((Batches.Cancelling) batches.cancel(ANNA, second)).batch();
        assertThat(cancelled.status()).isEqualTo("CANCELLED");
        assertThat(cancelled.done()).isZero();
        runner.release();
        assertThat(awaitEnd(batches, first).status()).isEqualTo("COMPLETED");
        assertThat(runner.calls).extracting(Call::batchId).containsOnly(first);
    }

    @Test
    void onlyTheEngineerWhoStartedABatchOrAnAdminMayCancelIt() throws Exception {
        saveRows("rows", 2);
        runner.blockOnCall = 0;
        Batches batches = engine();
        String id = started(batches.start(ANNA, request("rows"))).id();

        assertThat(batches.cancel(BORIS, id)).isInstanceOf(Batches.Forbidden.class);
        assertThat(store.cancelRequested(id)).isFalse();
        assertThat(batches.cancel(ROOT, id)).isInstanceOf(Batches.Cancelling.class);
        assertThat(batches.cancel(ANNA, "3f1f1f1f-0000-4000-8000-000000000009")).isInstanceOf(Batches.NotFound.class);
        runner.release();
        assertThat(awaitEnd(batches, id).status()).isEqualTo("CANCELLED");
    }

    @Test
    void anRndBudgetRefusalStopsTheBatchFailedWithItsMessage() throws Exception {
        saveRows("budget", 5);
        runner.script = call -> call == 2 ? new IterationRunner.BudgetExceeded("The monthly R&D budget of anna is spent")
                : ran(call, "SUCCEEDED");
        Batches batches = engine();
        BatchView end = awaitEnd(batches, started(batches.start(ANNA, request("budget"))).id());

        assertThat(end.status()).isEqualTo("FAILED");
        assertThat(end.error()).isEqualTo("The monthly R&D budget of anna is spent");
        assertThat(end.done()).isEqualTo(2);
        assertThat(end.iterationIds()).containsExactly("it-0", "it-1");
        assertThat(runner.calls).hasSize(3);
    }

    @Test
    void aRowThatDoesNotFitTheSchemaRefusesTheWholeBatchBeforeAnythingRuns() throws Exception {
        List<DataSetRow> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new DataSetRow("row " + i, i == 1 ? values(Map.of("tone", "dry"))
                    : i == 3 ? values(Map.of("topic", "x", "colour", "red")) : values(Map.of("topic", "t" + i))));
        }
        dataSets.save("mixed", null, rows, ANNA.subject());
        Batches batches = engine();

        Batches.StartOutcome outcome = batches.start(ANNA, request("mixed"));

        assertThat(outcome).isInstanceOf(Batches.Invalid.class);
        Batches.Invalid invalid = (Batches.Invalid) outcome;
        assertThat(invalid.fields()).containsOnlyKeys("rows[1].topic", "rows[3].colour");
        assertThat(invalid.rows()).extracting(r -> r.row()).containsExactly(1, 3);
        assertThat(invalid.rows().get(0).label()).isEqualTo("row 1");
        assertThat(runner.calls).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM prompt_batch")).isZero();
    }

    @Test
    void anUnknownVersionOrDataSetIsNotFoundAndAnEmptyDataSetIsRefused() throws Exception {
        saveRows("rows", 1);
        dataSets.save("empty", null, List.of(), ANNA.subject());
        Batches batches = engine();

        assertThat(batches.start(ANNA, new BatchRequest("summarise", 2, "rows", null))).isInstanceOf(Batches.NotFound.class);
        assertThat(batches.start(ANNA, new BatchRequest("nothing", 1, "rows", null))).isInstanceOf(Batches.NotFound.class);
        assertThat(batches.start(ANNA, request("absent"))).isInstanceOf(Batches.NotFound.class);
        assertThat(batches.start(ANNA, request("empty"))).isInstanceOf(Batches.Invalid.class);
        assertThat(runner.calls).isEmpty();
    }

    @Test
    void theRowsRunAreTheDataSetAsItWasWhenTheBatchStarted() throws Exception {
        saveRows("moving", 3);
        runner.blockOnCall = 0;
        Batches batches = engine();
        String id = started(batches.start(ANNA, request("moving"))).id();
        assertThat(runner.entered.await(30, TimeUnit.SECONDS)).isTrue();
        dataSets.save("moving", null, List.of(new DataSetRow(null, values(Map.of("topic", "replaced")))), ANNA.subject());
        runner.release();

        assertThat(awaitEnd(batches, id).done()).isEqualTo(3);
        assertThat(runner.calls).extracting(c -> c.request().data().path("topic").asText())
                .containsExactly("topic 0", "topic 1", "topic 2");
    }

    @Test
    void batchesLeftRunningByAStoppedServerEndInterruptedAtStart() throws Exception {
        store.insert(new BatchStore.NewBatch("3f1f1f1f-0000-4000-8000-00000000000a", "summarise", 1, "rows", null, 4,
                ANNA.subject(), clock.instant()));

        new Batches(store, dataSets, (f, v) -> Optional.empty(), runner, BatchSettings.defaults(), clock).start(true).close();

        BatchView after = store.find("3f1f1f1f-0000-4000-8000-00000000000a").orElseThrow();
        assertThat(after.status()).isEqualTo("INTERRUPTED");
        assertThat(after.error()).contains("server stopped");
        assertThat(after.finishedAt()).isNotNull();
    }

    @Test
    void onASharedDatabaseOnlyBatchesWhoseHeartbeatIsOldAreInterrupted() throws Exception {
        store.insert(new BatchStore.NewBatch("3f1f1f1f-0000-4000-8000-00000000000b", "summarise", 1, "rows", null, 4,
                ANNA.subject(), clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        store.insert(new BatchStore.NewBatch("3f1f1f1f-0000-4000-8000-00000000000c", "summarise", 1, "rows", null, 4,
                ANNA.subject(), clock.instant()));
        clock.advance(Duration.ofSeconds(45));

        engine();

        assertThat(store.find("3f1f1f1f-0000-4000-8000-00000000000b").orElseThrow().status()).isEqualTo("INTERRUPTED");
        assertThat(store.find("3f1f1f1f-0000-4000-8000-00000000000c").orElseThrow().status())
                .as("another server's batch with a recent heartbeat").isEqualTo("RUNNING");
    }

    @Test
    void stoppingWaitsBrieflyForTheRowInFlightThenMarksTheBatchInterrupted() throws Exception {
        saveRows("slow", 3);
        runner.blockOnCall = 1;
        BatchSettings quick = new BatchSettings(1, 10, Duration.ofMillis(200), Duration.ofSeconds(15), Duration.ofSeconds(60));
        Batches batches = engine(quick);
        String id = started(batches.start(ANNA, request("slow"))).id();
        assertThat(runner.entered.await(30, TimeUnit.SECONDS)).isTrue();

        batches.close();

        BatchView after = store.find(id).orElseThrow();
        assertThat(after.status()).isEqualTo("INTERRUPTED");
        assertThat(after.done()).isEqualTo(1);
        runner.release();
        // the released row's write finds the batch ended and changes nothing
        await("the released worker to finish", () -> runner.finished.get() == 2);
        assertThat(store.find(id).orElseThrow().done()).isEqualTo(1);
        assertThat(batches.start(ANNA, request("slow"))).isInstanceOf(Batches.Busy.class);
    }

    @Test
    void severalWorkersRunSeveralBatchesAtOnceEachInRowOrder() throws Exception {
        saveRows("a", 20);
        Batches batches = engine(BatchSettings.defaults().withWorkers(3));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(started(batches.start(i % 2 == 0 ? ANNA : BORIS, request("a"))).id());
        }
        for (String id : ids) {
            BatchView end = awaitEnd(batches, id);
            assertThat(end.status()).isEqualTo("COMPLETED");
            assertThat(end.done()).isEqualTo(20);
            List<String> topics = runner.calls.stream().filter(c -> c.batchId().equals(id))
                    .map(c -> c.request().data().path("topic").asText()).toList();
            assertThat(topics).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "topic " + i).toList());
        }
        assertThat(runner.calls).hasSize(80);
    }

    // --- fixtures ---------------------------------------------------------------------------------------------

    static final PromptVersionView VERSION = new PromptVersionView("summarise", 1, "Summarise {{topic}} in a {{tone}} tone",
            "hash", List.of(PromptParameter.required("topic", ParameterType.STRING),
            PromptParameter.optional("tone", ParameterType.STRING, JsonNodeFactory.instance.textNode("plain"))),
            PromptSettings.NONE, null, List.of(), "anna", Instant.EPOCH);

    /** Enough of the schema's rule for these tests: required parameters present, no unknown ones. */
    static final RowChecker REQUIRED_AND_KNOWN = (version, rows) -> rows.stream().map(row -> {
        List<ParameterProblem> problems = new ArrayList<>();
        for (PromptParameter p : version.parameters()) {
            if (p.required() && !row.hasNonNull(p.name())) {
                problems.add(new ParameterProblem(p.name(), "MISSING", p.name() + " is required"));
            }
        }
        row.fieldNames().forEachRemaining(name -> {
            if (version.parameters().stream().noneMatch(p -> p.name().equals(name))) {
                problems.add(new ParameterProblem(name, "UNKNOWN", name + " is not a parameter"));
            }
        });
        return List.copyOf(problems);
    }).toList();

    record Call(Principal engineer, IterationRequest request, String batchId) {
    }

    /** Records every call; answers {@link #script}; the call numbered {@link #blockOnCall} waits for {@link #release}. */
    static final class FakeRunner implements IterationRunner {
        final List<Call> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        volatile IntFunction<Outcome> script = call -> ran(call, "SUCCEEDED");
        volatile int blockOnCall = -1;

        @Override
        public Outcome run(Principal engineer, IterationRequest request, String batchId,
                           java.util.function.Consumer<String> onDelta) {
            int call;
            synchronized (calls) {
                call = (int) calls.stream().filter(c -> c.batchId().equals(batchId)).count();
                calls.add(new Call(engineer, request, batchId));
            }
            try {
                if (call == blockOnCall && blockOnCall >= 0) {
                    entered.countDown();
                    try {
                        gate.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return script.apply(call);
            } finally {
                finished.incrementAndGet();
            }
        }

        void release() {
            gate.countDown();
        }
    }

    static IterationRunner.Ran ran(int call, String status) {
        return new IterationRunner.Ran(new IterationView("it-" + call, "summarise", 1, "hash", null, "prompt", "echo",
                "echo-1", PromptSettings.NONE, "SUCCEEDED".equals(status) ? "out" : null, 10, 4, 3,
                new BigDecimal("0.0025"), "usd", status, "FAILED".equals(status) ? "provider failed" : null, true,
                null, "anna", Instant.EPOCH));
    }

    static Principal engineer(String name, Role role) {
        return new Principal(Principal.Kind.USER_TOKEN, "user-" + name, "tenant-1", Optional.of("user-" + name), name,
                Set.of(Role.USER, role), Set.of(), Optional.empty());
    }

    static BatchRequest request(String dataSet) {
        return new BatchRequest("summarise", 1, dataSet, new PromptSettings(null, null, 0.5, null, null, null));
    }

    void saveRows(String name, int count) throws Exception {
        List<DataSetRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new DataSetRow("row " + i, values(Map.of("topic", "topic " + i))));
        }
        dataSets.save(name, "rows for " + name, rows, ANNA.subject());
    }

    static ObjectNode values(Map<String, String> values) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.forEach(node::put);
        return node;
    }

    static BatchView started(Batches.StartOutcome outcome) {
        assertThat(outcome).isInstanceOf(Batches.Started.class);
        return ((Batches.Started) outcome).batch();
    }

    BatchView awaitEnd(Batches batches, String id) throws Exception {
        await("batch " + id + " to end", () -> {
            try {
                return !batches.find(id).orElseThrow().status().equals("RUNNING");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return batches.find(id).orElseThrow();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
