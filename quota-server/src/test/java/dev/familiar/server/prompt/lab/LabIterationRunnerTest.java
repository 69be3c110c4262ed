package dev.familiar.server.prompt.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.contract.PromptRenderer;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Role;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.llm.provider.EchoProvider;
import dev.familiar.server.llm.provider.OpenAiCompatibleProvider;
import dev.familiar.server.llm.provider.Providers;
import dev.familiar.server.prompt.functions.PromptFunctionStore;
import dev.familiar.server.prompt.functions.PromptFunctions;
import dev.familiar.server.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The iteration runner on real storage against a local server answering as an OpenAI-compatible provider, plain
 * and streamed: every stored field, exactly one R&D ledger entry and nothing else written to the ledger or to any
 * quota, balance or counter; budgets per engineer and per function; provider failures stored; every problem of the
 * data and settings at once; the stored iteration re-renders byte-identical.
 */
@Tag("storage")
class LabIterationRunnerTest {
    static final String TEMPLATE = "Write a {{tone}} haiku about {{topic}} in {{lines}} lines.\n"
            + "Answer as JSON: {\"haiku\": \"...\"} \\{{not a placeholder}}";
    static final Instant NOW = Instant.parse("2026-03-31T23:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;
    MockWebServer openai;
    Database database;
    MutableClock clock;
    AtomicLong nanos;
    PromptFunctionStore versions;
    IterationStore store;
    RndBudgets budgets;
    final Principal alice = engineer();
    final Principal bob = engineer();

    @BeforeEach
    void start() throws Exception {
        openai = new MockWebServer();
        openai.start();
        database = Database.open(TestServers.config(tempDir));
        clock = new MutableClock(NOW);
        nanos = new AtomicLong(5_000_000_000L);
        versions = new PromptFunctionStore(database.dataSource());
        PromptFunctions functions = new PromptFunctions(versions, clock);
        assertThat(functions.create("haiku", "haiku for the runner's tests", "author"))
                .isInstanceOf(PromptFunctions.Done.class);
        assertThat(functions.createVersion("haiku", TEMPLATE, List.of(PromptParameter.required("topic", ParameterType.STRING),
                        PromptParameter.optional("tone", ParameterType.STRING, JSON.getNodeFactory().textNode("calm")),
                        PromptParameter.required("lines", ParameterType.INTEGER)),
                new PromptSettings("openai", "gpt-4o-mini", 0.7, 200, "You are a poet.", "json_object"), "author"))
                .isInstanceOf(PromptFunctions.Done.class);
        store = new IterationStore(database.dataSource());
        budgets = new RndBudgets(database.dataSource(), clock);
        seedQuotas();
    }

    @AfterEach
    void stop() {
        openai.close();
        database.close();
    }

    @Test
    void aPlainIterationIsStoredWithEveryFieldAndOneRndLedgerEntry() throws Exception {
        String before = quotaTables();
        answerJson("{\"haiku\":\"rain on the tin roof\"}", 31, 9);
        List<String> deltas = new ArrayList<>();

        IterationView it = ran(runner(false).run(alice, request(), null, deltas::add));

        assertStoredFields(it, "{\"haiku\":\"rain on the tin roof\"}", 31, 9);
        assertThat(deltas).containsExactly("{\"haiku\":\"rain on the tin roof\"}");
        assertThat(store.find(it.id())).contains(it);
        JsonNode sent = JSON.readTree(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(sent.path("messages").path(0).path("content").asText()).isEqualTo("You are a poet.");
        assertThat(sent.path("messages").path(1).path("content").asText()).isEqualTo(it.renderedPrompt());
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("temperature").asDouble()).as("the iteration's override").isEqualTo(0.2);
        assertThat(sent.path("max_completion_tokens").asLong()).isEqualTo(200);
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertOneRndEntry(alice, 40, "ALLOWED");
        assertThat(quotaTables()).as("no quota, balance, counter or tier touched").isEqualTo(before);
    }

    @Test
    void aStreamedIterationHandsOnDeltasInOrderAndStoresTheWhole() throws Exception {
        String before = quotaTables();
        openai.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(sse(List.of("{\"haiku\":", "\"rain on ", "the tin roof\"}"), 31, 9)).build());
        List<String> deltas = new ArrayList<>();

        IterationView it = ran(runner(true).run(alice, request(), null, deltas::add));

        assertThat(deltas).containsExactly("{\"haiku\":", "\"rain on ", "the tin roof\"}");
        assertStoredFields(it, "{\"haiku\":\"rain on the tin roof\"}", 31, 9);
        assertThat(JSON.readTree(openai.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).path("stream").asBoolean())
                .isTrue();
        assertThat(store.find(it.id())).contains(it);
        assertOneRndEntry(alice, 40, "ALLOWED");
        assertThat(quotaTables()).isEqualTo(before);
    }

    @Test
    void aStoredIterationReRendersByteIdenticalFromItsVersionAndData() throws Exception {
        answerJson("ok", 1, 1);
        ObjectNode data = JSON.createObjectNode().put("topic", "naïve café 🌧 \"quoted\" {{braces}}").put("lines", 3)
                .put("tone", "wistful\n\ttabbed");
        IterationView it = ran(runner(false).run(alice, new IterationRequest("haiku", 1, data, null), null, d -> { }));

        IterationView stored = store.find(it.id()).orElseThrow();
        PromptRenderer.Result again = LabIterationRunner.render(versions.find(stored.function(), stored.version())
                .orElseThrow(), stored.data());

        assertThat(again).isInstanceOf(PromptRenderer.Rendered.class);
        assertThat(((PromptRenderer.Rendered) again).text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(stored.renderedPrompt().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(stored.templateHash()).isEqualTo(versions.find("haiku", 1).orElseThrow().templateHash());
    }

    @Test
    void aProviderFailureIsAStoredFailedIterationWithASafeErrorAndNoTokens() throws Exception {
        openai.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"boom sk-test-lab-key\",\"type\":\"server_error\"}}").build());

        IterationView it = ran(runner(false).run(alice, request(), null, d -> { }));

        assertThat(it.status()).isEqualTo("FAILED");
        assertThat(it.error()).isEqualTo("openai answered 500 (server_error)");
        assertThat(it.output()).isNull();
        assertThat(it.promptTokens()).isZero();
        assertThat(it.completionTokens()).isZero();
        assertThat(it.cost()).isEqualByComparingTo("0");
        assertThat(store.find(it.id())).contains(it);
        assertOneRndEntry(alice, 0, "PROVIDER_FAILED");
    }

    @Test
    void everyProblemOfDataAndSettingsIsReportedAndNothingIsSentOrStored() throws Exception {
        ObjectNode data = JSON.createObjectNode().put("lines", "three").put("colour", "red");
        IterationRequest request = new IterationRequest("haiku", 1, data,
                new PromptSettings("nope", null, 2.5, 0, null, "xml"));

        IterationRunner.Outcome outcome = runner(false).run(alice, request, null, d -> { });

        assertThat(outcome).isInstanceOf(IterationRunner.Invalid.class);
        assertThat(((IterationRunner.Invalid) outcome).problems()).extracting(ParameterProblem::parameter)
                .contains("settings.provider", "settings.temperature", "settings.maxTokens", "settings.responseFormat",
                        "topic", "lines", "colour");
        assertThat(openai.getRequestCount()).isZero();
        assertThat(rndEntries()).isZero();
        assertThat(store.list(Optional.empty(), Optional.empty(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void anUnknownFunctionOrVersionIsNotFound() throws Exception {
        assertThat(runner(false).run(alice, new IterationRequest("haiku", 2, JSON.createObjectNode(), null), null,
                d -> { })).isInstanceOf(IterationRunner.NotFound.class);
        assertThat(runner(false).run(alice, new IterationRequest("limerick", 1, JSON.createObjectNode(), null), null,
                d -> { })).isInstanceOf(IterationRunner.NotFound.class);
    }

    @Test
    void anEngineersBudgetRefusesThemButNotAnotherEngineer() throws Exception {
        // room for one call's estimate (prompt + cap) but not for that and the 40 tokens the first call spent
        long budget = estimate() + 20;
        budgets.set(RndBudgets.ENGINEER, id(alice), Optional.of(budget), "admin");
        answerJson("first", 31, 9);
        ran(runner(false).run(alice, request(), null, d -> { }));

        IterationRunner.Outcome refused = runner(false).run(alice, request(), null, d -> { });

        assertThat(refused).isInstanceOf(IterationRunner.BudgetExceeded.class);
        assertThat(((IterationRunner.BudgetExceeded) refused).message()).contains("engineer " + id(alice))
                .contains("40 of " + budget);
        assertThat(openai.getRequestCount()).as("a refused call reaches no provider").isEqualTo(1);
        answerJson("bob's", 31, 9);
        assertThat(runner(false).run(bob, request(), null, d -> { })).isInstanceOf(IterationRunner.Ran.class);
        assertThat(budgets.get(RndBudgets.ENGINEER, id(alice)).usedTokens()).isEqualTo(40);
        assertThat(budgets.get(RndBudgets.FUNCTION, "haiku").usedTokens()).isEqualTo(80);
        assertThat(rndEntries()).isEqualTo(2);
    }

    @Test
    void aFunctionsBudgetRefusesEveryEngineerAndANewMonthStartsAfresh() throws Exception {
        budgets.set(RndBudgets.FUNCTION, "haiku", Optional.of(estimate() + 20), "admin");
        answerJson("first", 31, 9);
        ran(runner(false).run(alice, request(), null, d -> { }));

        assertThat(runner(false).run(bob, request(), null, d -> { })).isInstanceOf(IterationRunner.BudgetExceeded.class);

        clock.advance(Duration.ofHours(2)); // 2026-04-01T01:00Z: April's budget is untouched
        answerJson("april", 31, 9);
        assertThat(runner(false).run(bob, request(), null, d -> { })).isInstanceOf(IterationRunner.Ran.class);
    }

    @Test
    void theDryRunEchoIsShownAsSuchAndCostsNothing() throws Exception {
        LabIterationRunner runner = new LabIterationRunner(database.dataSource(), versions,
                Providers.of(new EchoProvider("openai")), LlmTokenSettings.defaults(), store, budgets, clock, nanos::get);
        List<String> deltas = new ArrayList<>();

        IterationView it = ran(runner.run(alice, request(), null, deltas::add));

        assertThat(it.dryRun()).isTrue();
        assertThat(it.output()).startsWith("[dry-run echo from openai] Write a wistful haiku");
        assertThat(String.join("", deltas)).isEqualTo(it.output());
        assertThat(it.cost()).isEqualByComparingTo("0");
        assertThat(it.model()).isEqualTo("gpt-4o-mini");
        assertOneRndEntry(alice, 0, "ALLOWED");
    }

    // ---------------------------------------------------------------------------------------------------------

    private void assertStoredFields(IterationView it, String output, long prompt, long completion)
            throws SQLException {
        assertThat(UUID.fromString(it.id())).isNotNull();
        assertThat(it.function()).isEqualTo("haiku");
        assertThat(it.version()).isEqualTo(1);
        assertThat(it.templateHash()).isEqualTo(versions.find("haiku", 1).orElseThrow().templateHash()).hasSize(64);
        assertThat(it.data()).isEqualTo(JSON.createObjectNode().put("topic", "autumn rain").put("lines", 3)
                .put("tone", "wistful"));
        assertThat(it.renderedPrompt()).isEqualTo("Write a wistful haiku about autumn rain in 3 lines.\n"
                + "Answer as JSON: {\"haiku\": \"...\"} {{not a placeholder}}");
        assertThat(it.provider()).isEqualTo("openai");
        assertThat(it.model()).isEqualTo("gpt-4o-mini");
        assertThat(it.settings()).isEqualTo(new PromptSettings("openai", "gpt-4o-mini", 0.2, 200, "You are a poet.",
                "json_object"));
        assertThat(it.output()).isEqualTo(output);
        assertThat(it.promptTokens()).isEqualTo(prompt);
        assertThat(it.completionTokens()).isEqualTo(completion);
        assertThat(it.latencyMs()).isEqualTo(250);
        assertThat(it.cost()).isEqualByComparingTo(new BigDecimal("0.002").multiply(BigDecimal.valueOf(prompt + completion)));
        assertThat(it.currency()).isEqualTo("usd");
        assertThat(it.status()).isEqualTo("SUCCEEDED");
        assertThat(it.error()).isNull();
        assertThat(it.dryRun()).isFalse();
        assertThat(it.batchId()).isNull();
        assertThat(it.createdBy()).isEqualTo(id(alice));
        assertThat(it.createdAt()).isEqualTo(NOW);
    }

    /** What the runner books before the call: the prompt's and system message's tokens (o200k) plus the cap, 200. */
    private static long estimate() {
        dev.familiar.server.llm.provider.TokenCounter counter =
                dev.familiar.server.llm.provider.TokenCounter.of("openai", "gpt-4o-mini");
        long estimate = counter.prompt("Write a wistful haiku about autumn rain in 3 lines.\n"
                + "Answer as JSON: {\"haiku\": \"...\"} {{not a placeholder}}") + counter.text("You are a poet.") + 4 + 200;
        assertThat(estimate).isGreaterThan(200 + 20);
        return estimate;
    }

    private static IterationRequest request() {
        ObjectNode data = JSON.createObjectNode().put("topic", "autumn rain").put("lines", 3).put("tone", "wistful");
        return new IterationRequest("haiku", 1, data, new PromptSettings(null, null, 0.2, null, null, null));
    }

    private LabIterationRunner runner(boolean stream) {
        LlmTokenSettings.Provider p = new LlmTokenSettings.Provider("openai", openai.url("/v1").toString(),
                "gpt-4o-mini", Optional.of("sk-test-lab-key"), Duration.ofSeconds(5), new BigDecimal("0.002"), null,
                stream);
        LlmTokenSettings settings = LlmTokenSettings.defaults().withProvider(p);
        // the fake clock of latency: each reading is 250 ms after the one before
        return new LabIterationRunner(database.dataSource(), versions,
                Providers.of(new OpenAiCompatibleProvider(p, new OkHttpClient())), settings, store, budgets, clock,
                () -> nanos.getAndAdd(250_000_000L));
    }

    private void answerJson(String content, long prompt, long completion) {
        openai.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"chatcmpl-lab\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":" + quote(content) + "},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                        + ",\"total_tokens\":" + (prompt + completion) + "}}").build());
    }

    static String sse(List<String> pieces, long prompt, long completion) {
        StringBuilder out = new StringBuilder();
        for (String piece : pieces) {
            out.append("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":").append(quote(piece)).append("},\"finish_reason\":null}]}\n\n");
        }
        out.append("data: {\"id\":\"chatcmpl-s\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        out.append("data: {\"id\":\"chatcmpl-s\",\"choices\":[],\"usage\":{\"prompt_tokens\":").append(prompt)
                .append(",\"completion_tokens\":").append(completion).append(",\"total_tokens\":")
                .append(prompt + completion).append("}}\n\ndata: [DONE]\n\n");
        return out.toString();
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static IterationView ran(IterationRunner.Outcome outcome) {
        assertThat(outcome).isInstanceOf(IterationRunner.Ran.class);
        return ((IterationRunner.Ran) outcome).iteration();
    }

    private void assertOneRndEntry(Principal who, long tokens, String outcome) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT purpose, function_name, engineer, user_id, tenant_id, "
                     + "org_id, provider, tokens, outcome, occurred_at FROM token_usage_event");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("one ledger entry").isTrue();
            assertThat(rs.getString(1)).isEqualTo("R&D");
            assertThat(rs.getString(2)).isEqualTo("haiku");
            assertThat(rs.getString(3)).isEqualTo(id(who));
            assertThat(rs.getString(4)).isEqualTo(id(who));
            assertThat(rs.getString(5)).isEqualTo(who.tenantId());
            assertThat(rs.getString(6)).isNull();
            assertThat(rs.getString(7)).isEqualTo("openai");
            assertThat(rs.getLong(8)).isEqualTo(tokens);
            assertThat(rs.getString(9)).isEqualTo(outcome);
            assertThat(rs.getTimestamp(10).toInstant()).isEqualTo(NOW);
            assertThat(rs.next()).as("exactly one ledger entry, and no product entry").isFalse();
        }
    }

    private long rndEntries() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM token_usage_event WHERE purpose = 'R&D'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A quota and a balance for alice on the lab's provider, as a customer's use would have left them. */
    private void seedQuotas() throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_quota (owner_kind, owner_id, provider, "
                    + "total_tokens, used_tokens, window_seconds, window_start, updated_at) VALUES ('USER', ?, 'openai', "
                    + "1000, 120, 86400, ?, ?)")) {
                ps.setString(1, id(alice));
                ps.setTimestamp(2, Timestamp.from(NOW.minusSeconds(60)));
                ps.setTimestamp(3, Timestamp.from(NOW.minusSeconds(60)));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_balance (owner_kind, owner_id, provider, "
                    + "balance, updated_at) VALUES ('USER', ?, 'openai', 500, ?)")) {
                ps.setString(1, id(alice));
                ps.setTimestamp(2, Timestamp.from(NOW.minusSeconds(60)));
                ps.executeUpdate();
            }
        }
    }

    /** Every row of the quota, balance, tier and usage-counter tables, as text. */
    private String quotaTables() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = database.dataSource().getConnection()) {
            for (String table : List.of("token_quota", "token_balance", "token_user_tier", "usage_counter",
                    "usage_event")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table);
                     ResultSet rs = ps.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    out.append(table).append(':');
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append(',');
                        }
                        out.append(';');
                    }
                }
            }
        }
        assertThat(out.toString()).contains("1000,120");
        return out.toString();
    }

    private static String id(Principal p) {
        return p.userId().orElseThrow();
    }

    private static Principal engineer() {
        String id = UUID.randomUUID().toString();
        return new Principal(Principal.Kind.USER_TOKEN, id, UUID.randomUUID().toString(), Optional.of(id),
                "engineer-" + id.substring(0, 8), Set.of(Role.PROMPT_ENGINEER), Set.of(), Optional.empty());
    }
}
