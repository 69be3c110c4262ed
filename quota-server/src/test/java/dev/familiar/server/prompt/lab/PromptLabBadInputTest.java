package dev.familiar.server.prompt.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The Prompt Lab's routes answer bad input with a 400 envelope naming the field, never a 500, and store or send
 * nothing.
 */
class PromptLabBadInputTest extends PromptLabFixture {
    static final String UUID = "3f1f1f1f-0000-4000-8000-000000000002";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}|version",
            "{\"version\":1,\"data\":{}}|function",
            "{\"function\":\"\",\"version\":1}|function",
            "{\"function\":\"has space\",\"version\":1}|function",
            "{\"function\":\"haiku\"}|version",
            "{\"function\":\"haiku\",\"version\":0}|version",
            "{\"function\":\"haiku\",\"version\":\"1\"}|version",
            "{\"function\":\"haiku\",\"version\":1.5}|version",
            "{\"function\":\"haiku\",\"version\":1,\"data\":[1]}|data",
            "{\"function\":\"haiku\",\"version\":1,\"data\":\"x\"}|data",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"extra\":1}|extra",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"settings\":{\"temperature\":\"hot\"}}|settings.temperature",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"settings\":{\"colour\":1}}|settings.colour",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"settings\":{\"temperature\":2.5}}|settings.temperature",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"settings\":{\"maxTokens\":100001}}|settings.maxTokens",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"settings\":{\"responseFormat\":\"xml\"}}|settings.responseFormat",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":\"x\"},\"settings\":{\"model\":\"\"}}|settings.model",
            "{\"function\":\"haiku\",\"version\":1,\"data\":{\"topic\":3}}|data.topic",
            "[]|$",
            "`\"haiku\"`|$",
    })
    void aBadIterationIsA400NamingTheFieldAndNothingIsStoredOrSent(String body, String field) throws Exception {
        Account admin = identity.admin();
        int calls = openai.getRequestCount();
        long stored = iterations();

        Answer answer = HttpCalls.post(server.baseUrl() + "/api/admin/prompt-lab/iterations", body, admin.bearer());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(error.path("details").path("fields").path(field).asText()).as(answer.body()).isNotBlank();
        assertThat(openai.getRequestCount()).isEqualTo(calls);
        assertThat(iterations()).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "iterations?limit=0|limit",
            "iterations?limit=101|limit",
            "iterations?limit=ten|limit",
            "iterations?version=0|version",
            "iterations?version=x|version",
            "iterations?function=|function",
            "iterations?function=a%20b|function",
            "iterations?cursor=garbage|cursor",
            "iterations?cursor=aTpub3Q|cursor",
            "iterations/not-a-uuid|id",
    })
    void badReadsAreA400NamingTheField(String query, String field) {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/prompt-lab/" + query, identity.admin().bearer());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("error").path("details").path("fields").path(field).asText()).isNotBlank();
    }

    @Test
    void anUnknownIterationIs404() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/prompt-lab/iterations/" + UUID,
                identity.admin().bearer());
        assertThat(answer.status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "TEAM/x|{\"monthlyTokens\":5}|scope",
            "ENGINEER/not-a-uuid|{\"monthlyTokens\":5}|subject",
            "FUNCTION/a%20b|{\"monthlyTokens\":5}|subject",
            "FUNCTION/haiku|{\"monthlyTokens\":-1}|monthlyTokens",
            "FUNCTION/haiku|{\"monthlyTokens\":1000000000001}|monthlyTokens",
            "FUNCTION/haiku|{\"monthlyTokens\":\"5\"}|monthlyTokens",
            "FUNCTION/haiku|{\"monthlyTokens\":5,\"scope\":\"ENGINEER\"}|scope",
            "FUNCTION/haiku|{\"monthlyTokens\":5,\"subject\":\"other\"}|subject",
            "FUNCTION/haiku|{\"monthlyTokens\":5,\"limit\":1}|limit",
            "FUNCTION/haiku|`\"5\"`|$",
    })
    void aBadBudgetIsA400NamingTheField(String path, String body, String field) {
        Answer answer = HttpCalls.call(new Request.Builder()
                .url(server.baseUrl() + "/api/admin/prompt-lab/budgets/" + path)
                .headers(okhttp3.Headers.of(identity.admin().bearer()))
                .put(RequestBody.create(body, HttpCalls.JSON)).build());

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("error").path("details").path("fields").path(field).asText()).as(answer.body())
                .isNotBlank();
    }

    private static long iterations() throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM prompt_iteration");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
