package dev.familiar.server.prompt.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.llm.AnalyticsViews;
import dev.familiar.model.prompt.IterationList;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.RndBudget;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Prompt Lab's routes on a real server: an iteration streamed to {@code PromptLabClient.runStreaming} delta by
 * delta, the same iteration read back, the refusals (400 with every problem, 404, 402) in the envelope, budgets
 * (ADMIN sets, engineers read), the history newest first page by page, audit entries, and analytics keeping R&D
 * apart from product use.
 */
class PromptLabRoutesTest extends PromptLabFixture {
    @Test
    void runStreamingReceivesTheDeltasInOrderThenTheStoredIteration() throws Exception {
        Account engineer = engineer();
        FamiliarClient client = clients.as(engineer);
        List<String> deltas = new ArrayList<>();

        IterationView it = client.promptLab().runStreaming(new IterationRequest("haiku", 1, data("rain"), null),
                deltas::add);

        assertThat(deltas).containsExactlyElementsOf(PIECES);
        assertThat(it.output()).isEqualTo(String.join("", PIECES));
        assertThat(it.renderedPrompt()).isEqualTo("Write a calm haiku about rain.");
        assertThat(it.promptTokens()).isEqualTo(31);
        assertThat(it.completionTokens()).isEqualTo(9);
        assertThat(it.createdBy()).as("the engineer's username, not their id").isEqualTo(engineer.username());
        assertThat(it.status()).isEqualTo("SUCCEEDED");
        assertThat(client.promptLab().iteration(it.id())).isEqualTo(it);
    }

    @Test
    void aPlainRunAnswers201WithTheStoredIteration() throws Exception {
        Account admin = identity.admin();
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/admin/prompt-lab/iterations",
                "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"snow\",\"tone\":\"quiet\"},"
                        + "\"settings\":{\"temperature\":1.5}}", admin.bearer());

        assertThat(answer.status()).isEqualTo(201);
        JsonNode data = answer.json().path("data");
        assertThat(data.path("settings").path("temperature").asDouble()).isEqualTo(1.5);
        assertThat(data.path("settings").path("maxTokens").asInt()).isEqualTo(100);
        GoldenFiles.assertMatches("prompt-lab-iteration-201", answer.status(), answer.body().replaceAll("\"latencyMs\":\\d+", "\"latencyMs\":\"<latency>\""));
        assertThat(audit("prompt.iteration.run", "haiku@1 " + data.path("id").asText() + " SUCCEEDED")).isEqualTo(1);
    }

    @Test
    void badDataIsA400ListingEveryProblemAndNothingIsSent() throws Exception {
        Account engineer = engineer();
        int calls = openai.getRequestCount();
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/admin/prompt-lab/iterations",
                "{\"function\":\"haiku\",\"version\":1,\"data\":{\"tone\":7,\"mood\":\"x\"},"
                        + "\"settings\":{\"provider\":\"nobody\"}}", engineer.bearer());

        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        List<String> named = new ArrayList<>();
        error.path("details").path("problems").forEach(p -> named.add(p.path("parameter").asText()));
        assertThat(named).contains("topic", "tone", "mood", "settings.provider");
        assertThat(error.path("details").path("fields").has("data.topic")).isTrue();
        assertThat(error.path("details").path("fields").has("settings.provider")).isTrue();
        assertThat(openai.getRequestCount()).isEqualTo(calls);
        GoldenFiles.assertMatches("prompt-lab-iteration-400", answer.status(), answer.body());
    }

    @Test
    void anUnknownVersionIs404() {
        ApiError e = catchThrowableOfType(ApiError.class, () -> clients.as(identity.admin()).promptLab()
                .run(new IterationRequest("haiku", 9, data("x"), null)));
        assertThat(e.status()).isEqualTo(404);
    }

    @Test
    void aSpentBudgetIs402ForThatEngineerOnlyPlainAndStreamed() throws Exception {
        Account spent = engineer();
        Account other = engineer();
        FamiliarClient admin = clients.as(identity.admin());
        RndBudget budget = admin.promptLab().setBudget("ENGINEER", spent.userId(), 50L);
        assertThat(budget.monthlyTokens()).isEqualTo(50L);
        int calls = openai.getRequestCount();

        ApiError plain = catchThrowableOfType(ApiError.class, () -> clients.as(spent).promptLab()
                .run(new IterationRequest("haiku", 1, data("x"), null)));
        ApiError streamed = catchThrowableOfType(ApiError.class, () -> clients.as(spent).promptLab()
                .runStreaming(new IterationRequest("haiku", 1, data("x"), null), d -> { }));

        assertThat(plain.code()).isEqualTo(ErrorCode.RND_BUDGET_EXCEEDED);
        assertThat(plain.status()).isEqualTo(402);
        assertThat(plain.getMessage()).contains("engineer " + spent.userId());
        assertThat(streamed.code()).isEqualTo(ErrorCode.RND_BUDGET_EXCEEDED);
        assertThat(openai.getRequestCount()).isEqualTo(calls);
        assertThat(clients.as(other).promptLab().run(new IterationRequest("haiku", 1, data("x"), null)).status())
                .isEqualTo("SUCCEEDED");
        assertThat(audit("prompt.iteration.run", "haiku@1 RND_BUDGET_EXCEEDED")).isPositive();
    }

    @Test
    void onlyAnAdminSetsABudgetAndEngineersSeeThemWithThisMonthsUse() throws Exception {
        Account engineer = engineer();
        ApiError refused = catchThrowableOfType(ApiError.class, () -> clients.as(engineer).promptLab()
                .setBudget("FUNCTION", "haiku-budgeted", 1000L));
        assertThat(refused.status()).isEqualTo(403);

        clients.as(identity.admin()).promptLab().setBudget("ENGINEER", engineer.userId(), 100_000L);
        clients.as(engineer).promptLab().run(new IterationRequest("haiku", 1, data("x"), null));

        RndBudget mine = clients.as(engineer).promptLab().budgets().items().stream()
                .filter(b -> b.subject().equals(engineer.userId())).findFirst().orElseThrow();
        assertThat(mine.usedTokens()).isEqualTo(40);
        assertThat(clients.as(identity.admin()).promptLab().setBudget("ENGINEER", engineer.userId(), null)
                .monthlyTokens()).isNull();
        assertThat(audit("prompt.budget.set", "ENGINEER/" + engineer.userId() + "=none")).isEqualTo(1);
    }

    @Test
    void theHistoryIsNewestFirstPageByPage() throws Exception {
        FamiliarClient client = clients.as(engineer());
        function("paged", "{{topic}}", "[{\"name\":\"topic\",\"type\":\"string\",\"required\":true}]", null);
        List<String> ids = new ArrayList<>();
        for (String topic : List.of("a", "b", "c")) {
            ids.add(0, client.promptLab().run(new IterationRequest("paged", 1, data(topic), null)).id());
        }

        IterationList first = client.promptLab().iterations("paged", 1, null, 2);
        IterationList second = client.promptLab().iterations("paged", null, first.nextCursor(), 2);

        List<String> seen = new ArrayList<>();
        first.items().forEach(i -> seen.add(i.id()));
        second.items().forEach(i -> seen.add(i.id()));
        assertThat(first.items()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
        assertThat(seen).hasSize(3).containsExactlyInAnyOrderElementsOf(ids);
        List<Instant> times = new ArrayList<>();
        first.items().forEach(i -> times.add(i.createdAt()));
        second.items().forEach(i -> times.add(i.createdAt()));
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void analyticsReportRndApartFromProductUse() throws Exception {
        Account engineer = engineer();
        function("apart", "{{topic}}", "[{\"name\":\"topic\",\"type\":\"string\",\"required\":true}]", null);
        clients.as(engineer).promptLab().run(new IterationRequest("apart", 1, data("x"), null));
        FamiliarClient admin = clients.as(identity.admin());

        AnalyticsViews.CostReport cost = admin.analytics().cost(null, null, null);
        assertThat(cost.items()).as("product only").noneMatch(i -> i.orgId().equals(
                dev.familiar.server.Identity.tenantOf(engineer.token())));
        assertThat(cost.rndItems()).anySatisfy(i -> {
            assertThat(i.function()).isEqualTo("apart");
            assertThat(i.engineer()).isEqualTo(engineer.userId());
            assertThat(i.tokens()).isEqualTo(40);
            assertThat(i.cost()).isEqualByComparingTo("0.08");
        });
        Answer product = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/usage?provider=openai&limit=200",
                identity.admin().bearer());
        product.json().path("items").forEach(e -> assertThat(e.path("purpose").asText()).isEqualTo("PRODUCT"));
        Answer rnd = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/usage?provider=openai&limit=200&purpose=RND",
                identity.admin().bearer());
        List<String> functions = new ArrayList<>();
        rnd.json().path("items").forEach(e -> {
            assertThat(e.path("purpose").asText()).isEqualTo("R&D");
            functions.add(e.path("function").asText());
        });
        assertThat(functions).contains("apart");
        Answer report = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/report?provider=openai&purpose=R%26D",
                engineer.bearer());
        assertThat(report.json().path("purpose").asText()).isEqualTo("R&D");
        assertThat(report.json().path("totalTokens").asLong()).isEqualTo(40);
        Answer productReport = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/report?provider=openai",
                engineer.bearer());
        assertThat(productReport.json().path("totalTokens").asLong()).isZero();
    }

    private static Account engineer() throws Exception {
        return identity.userInTenant("engineer-" + UUID.randomUUID().toString().substring(0, 8),
                "00000000-0000-0000-0000-000000000001", Role.PROMPT_ENGINEER);
    }

    private static int audit(String action, String target) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ?")) {
            ps.setString(1, action);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
