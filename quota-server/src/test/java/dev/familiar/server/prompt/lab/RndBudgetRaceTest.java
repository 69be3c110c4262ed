package dev.familiar.server.prompt.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.llm.provider.OpenAiCompatibleProvider;
import dev.familiar.server.llm.provider.Providers;
import dev.familiar.server.llm.provider.TokenCounter;
import dev.familiar.server.prompt.functions.PromptFunctionStore;
import dev.familiar.server.prompt.functions.PromptFunctions;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engineer races {@value #CALLS} lab iterations at once against a monthly R&D budget that fits only some of them
 * (real {@link LabIterationRunner}, real storage, a local server answering as an OpenAI-compatible provider with 31 +
 * 9 tokens a call): the month's R&D total in the ledger never passes the budget, every refused call is
 * {@code BudgetExceeded} and reaches no provider, and every call that ran is exactly one ledger entry.
 */
@Tag("storage")
class RndBudgetRaceTest {
    static final int CALLS = 12;
    static final long SPENT = 40;
    static final int CAP = 100;
    static final String RENDERED = "Say something about racing budgets.";
    static final Instant NOW = Instant.parse("2026-05-14T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;
    Database database;
    MockWebServer openai;
    ExecutorService pool;
    LabIterationRunner runner;
    final Principal engineer = engineer();
    /** What the runner books per call before it is sent: the rendered prompt's tokens plus the cap. */
    final long estimate = TokenCounter.of("openai", "gpt-4o-mini").prompt(RENDERED) + CAP;
    /** Room for three calls' estimates at once, and for more once calls settle at what they really cost. */
    final long budget = 3 * estimate + estimate / 2;

    @BeforeEach
    void start() throws Exception {
        assertThat(estimate).as("a call costs less than it books, so settling only lowers the ledger")
                .isGreaterThan(SPENT);
        database = Database.open(TestServers.config(tempDir));
        MutableClock clock = new MutableClock(NOW);
        PromptFunctionStore versions = new PromptFunctionStore(database.dataSource());
        PromptFunctions functions = new PromptFunctions(versions, clock);
        assertThat(functions.create("racer", "raced against its budget", "author")).isInstanceOf(PromptFunctions.Done.class);
        assertThat(functions.createVersion("racer", "Say something about {{topic}}.",
                List.of(PromptParameter.required("topic", ParameterType.STRING)),
                new PromptSettings("openai", "gpt-4o-mini", 0.0, CAP, null, null), "author"))
                .isInstanceOf(PromptFunctions.Done.class);
        openai = new MockWebServer();
        openai.start();
        LlmTokenSettings.Provider provider = new LlmTokenSettings.Provider("openai", openai.url("/v1").toString(),
                "gpt-4o-mini", Optional.of("sk-test-race"), Duration.ofSeconds(60), new BigDecimal("0.001"), null, false);
        RndBudgets budgets = new RndBudgets(database.dataSource(), clock);
        budgets.set(RndBudgets.ENGINEER, engineer.subject(), Optional.of(budget), "admin");
        AtomicLong nanos = new AtomicLong();
        runner = new LabIterationRunner(database.dataSource(), versions,
                Providers.of(new OpenAiCompatibleProvider(provider, new OkHttpClient())),
                LlmTokenSettings.defaults().withProvider(provider), new IterationStore(database.dataSource()), budgets,
                clock, () -> nanos.getAndAdd(1_000_000L));
        pool = Executors.newFixedThreadPool(CALLS);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        openai.close();
        database.close();
    }

    @Test
    void whileEveryAdmittedCallIsInFlightTheBudgetAdmitsExactlyWhatItsEstimatesFit() throws Exception {
        // the provider holds every call it receives until each of the racing calls has been admitted or refused,
        // so every decision is taken while nothing has settled: the bookings alone decide
        CountDownLatch decided = new CountDownLatch(CALLS);
        CountDownLatch release = new CountDownLatch(1);
        openai.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                decided.countDown();
                release.await(60, TimeUnit.SECONDS);
                return answer();
            }
        });

        List<Future<IterationRunner.Outcome>> racing = race(decided);
        assertThat(decided.await(60, TimeUnit.SECONDS)).as("every call admitted or refused").isTrue();
        long atPeak = rndTotal();
        release.countDown();
        List<IterationRunner.Outcome> outcomes = outcomes(racing);

        long admitted = budget / estimate;
        assertThat(atPeak).as("every admitted call booked at its estimate, within the budget")
                .isEqualTo(admitted * estimate).isLessThanOrEqualTo(budget);
        assertThat(outcomes).filteredOn(IterationRunner.Ran.class::isInstance).hasSize((int) admitted);
        assertRaceHeld(outcomes);
    }

    @Test
    void callsRacingFreelyNeverTakeTheMonthPastTheBudget() throws Exception {
        openai.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer();
            }
        });

        List<IterationRunner.Outcome> outcomes = outcomes(race(new CountDownLatch(0)));

        long ran = outcomes.stream().filter(IterationRunner.Ran.class::isInstance).count();
        // at least what the estimates fit at once; at most the first estimate and what settled calls left room for
        assertThat(ran).isBetween(budget / estimate, 1 + (budget - estimate) / SPENT);
        assertRaceHeld(outcomes);
    }

    /** The month's R&D total within the budget; the refused ones BudgetExceeded, unsent and not in the ledger. */
    private void assertRaceHeld(List<IterationRunner.Outcome> outcomes) throws SQLException {
        long ran = outcomes.stream().filter(IterationRunner.Ran.class::isInstance).count();
        List<IterationRunner.Outcome> refused = outcomes.stream()
                .filter(o -> !(o instanceof IterationRunner.Ran)).toList();
        assertThat(ran).as("some ran").isPositive();
        assertThat(refused).as("some were refused, all for the budget").isNotEmpty()
                .allSatisfy(o -> assertThat(o).isInstanceOf(IterationRunner.BudgetExceeded.class));
        assertThat(refused).allSatisfy(o -> assertThat(((IterationRunner.BudgetExceeded) o).message())
                .contains("engineer " + engineer.subject()));
        assertThat(openai.getRequestCount()).as("nothing sent for a refused call").isEqualTo((int) ran);
        assertThat(rndTotal()).as("the month's R&D total").isEqualTo(ran * SPENT).isLessThanOrEqualTo(budget);
        assertThat(ledgerEntries()).as("one ledger entry per call that ran, none for a refused one, none of product")
                .isEqualTo(ran);
        assertThat(outcomes.stream().filter(IterationRunner.Ran.class::isInstance)
                .map(o -> ((IterationRunner.Ran) o).iteration().status())).containsOnly("SUCCEEDED");
    }

    /** Starts {@value #CALLS} iterations at once; a refused one counts {@code decided} down. */
    private List<Future<IterationRunner.Outcome>> race(CountDownLatch decided) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(CALLS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IterationRunner.Outcome>> racing = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            racing.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                IterationRunner.Outcome outcome = runner.run(engineer, new IterationRequest("racer", 1,
                        JSON.createObjectNode().put("topic", "racing budgets"), null), null, d -> { });
                if (!(outcome instanceof IterationRunner.Ran)) {
                    decided.countDown();
                }
                return outcome;
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        return racing;
    }

    private static List<IterationRunner.Outcome> outcomes(List<Future<IterationRunner.Outcome>> racing)
            throws Exception {
        List<IterationRunner.Outcome> outcomes = new ArrayList<>();
        for (Future<IterationRunner.Outcome> f : racing) {
            outcomes.add(f.get(120, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private static MockResponse answer() {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"chatcmpl-race\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":\"vroom\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":9,\"total_tokens\":40}}").build();
    }

    /** The engineer's R&D tokens in the ledger this month (what the budget is checked against). */
    private long rndTotal() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(tokens), 0) FROM token_usage_event "
                     + "WHERE purpose = 'R&D' AND engineer = ? AND occurred_at >= ? AND occurred_at < ?")) {
            ps.setString(1, engineer.subject());
            ps.setTimestamp(2, java.sql.Timestamp.from(Instant.parse("2026-05-01T00:00:00Z")));
            ps.setTimestamp(3, java.sql.Timestamp.from(Instant.parse("2026-06-01T00:00:00Z")));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every ledger entry, of any purpose. */
    private long ledgerEntries() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM token_usage_event");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Principal engineer() {
        String id = UUID.randomUUID().toString();
        return new Principal(Principal.Kind.USER_TOKEN, id, UUID.randomUUID().toString(), Optional.of(id),
                "engineer-" + id.substring(0, 8), Set.of(Role.PROMPT_ENGINEER), Set.of(), Optional.empty());
    }
}
