package dev.familiar.server.prompt.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.PromptFunctionSettings;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on every prompt-function route and on the runtime is a 400 VALIDATION_FAILED naming the field (never a
 * 500, nothing stored); the main answers pinned to golden files. The server runs with approval off (a one-person
 * team), so a requested deployment is active at once.
 */
@Tag("storage")
class PromptFunctionBadInputTest {
    static final String WHO = "[{\"name\":\"who\",\"type\":\"string\",\"required\":true}]";
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static PromptApi api;
    static Account admin;
    static Account product;

    record Case(String method, String path, String body, String field, boolean runtime) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir).withPrompts(PromptFunctionSettings.defaults()
                .withApproval(false)), new MutableClock(Instant.parse("2030-03-01T10:00:00Z")));
        api = new PromptApi(server);
        admin = api.identity().admin();
        product = api.identity().register("prompt-input-product");
        api.function(admin, "bad-input");
        api.version(admin, "bad-input", "Hi {{who}}", WHO, "{\"maxTokens\":20}");
        assertThat(api.deploy(admin, "bad-input", 1, 1).json().at("/data/status").asText())
                .as("approval off: active at once").isEqualTo("ACTIVE");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400NamingTheField() {
        String f = "/api/admin/prompt-functions";
        String v = f + "/bad-input/versions";
        return Stream.of(
                new Case("POST", f, "{\"name\":\"Bad Name\"}", "name", false),
                new Case("POST", f, "{\"name\":5}", "name", false),
                new Case("POST", f, "{\"name\":\"ok\",\"description\":\"" + "d".repeat(2001) + "\"}", "description", false),
                new Case("POST", f, "{\"name\":\"ok\",\"colour\":\"red\"}", "colour", false),
                new Case("GET", f + "?limit=0", null, "limit", false),
                new Case("GET", f + "?cursor=nope", null, "cursor", false),
                new Case("GET", f + "?search=UPPER", null, "search", false),
                new Case("GET", f + "/Not_A_Name", null, "name", false),
                new Case("POST", v, "{\"template\":\"Hi {{whom}}\",\"parameters\":" + WHO + "}", "template", false),
                new Case("POST", v, "{\"template\":\"Hi {{who\",\"parameters\":" + WHO + "}", "template", false),
                new Case("POST", v, "{\"template\":\"Hi\",\"parameters\":[{\"name\":\"tone\",\"type\":\"string\","
                        + "\"required\":false}]}", "parameters.tone", false),
                new Case("POST", v, "{\"template\":\"Hi\",\"parameters\":[{\"name\":\"x\",\"type\":\"colour\","
                        + "\"required\":true}]}", "parameters[0].type", false),
                new Case("POST", v, "{\"parameters\":[]}", "template", false),
                new Case("POST", v, "{\"template\":\"Hi\"}", "parameters", false),
                new Case("POST", v, "{\"template\":\"Hi\",\"parameters\":[],\"settings\":{\"temperature\":3}}",
                        "settings.temperature", false),
                new Case("POST", v, "{\"template\":\"Hi\",\"parameters\":[],\"settings\":{\"maxTokens\":0}}",
                        "settings.maxTokens", false),
                new Case("POST", v, "{\"template\":\"Hi\",\"parameters\":[],\"settings\":{\"responseFormat\":\"xml\"}}",
                        "settings.responseFormat", false),
                new Case("POST", v, "{\"template\":\"Hi\",\"parameters\":[],\"settings\":{\"provider\":\"Open AI\"}}",
                        "settings.provider", false),
                new Case("GET", v + "/abc", null, "version", false),
                new Case("GET", v + "/0", null, "version", false),
                new Case("GET", v + "/1/classification?against=x", null, "against", false),
                new Case("GET", v + "/1/classification?against=1&major=1", null, "against", false),
                new Case("GET", v + "/1/classification", null, "against", false),
                new Case("POST", f + "/bad-input/deployments", "{\"version\":0,\"major\":1}", "version", false),
                new Case("POST", f + "/bad-input/deployments", "{\"version\":1}", "major", false),
                new Case("POST", f + "/bad-input/deployments", "{\"version\":1,\"major\":5}", "major", false),
                new Case("POST", f + "/bad-input/deployments", "{\"version\":\"1\",\"major\":1}", "version", false),
                new Case("POST", f + "/bad-input/deployments/not-a-uuid/approve", null, "id", false),
                new Case("POST", f + "/bad-input/deployments/not-a-uuid/reject", null, "id", false),
                new Case("POST", f + "/bad-input/rollback", "{\"major\":0}", "major", false),
                new Case("GET", "/api/admin/prompt-deployments", null, "status", false),
                new Case("GET", "/api/admin/prompt-deployments?status=LIVE", null, "status", false),
                new Case("POST", f + "/import", "{\"name\":\"imp\",\"versions\":[]}", "versions", false),
                new Case("POST", f + "/import", "{\"name\":\"imp\",\"versions\":[{\"version\":1,\"parameters\":[]}]}",
                        "versions[0].template", false),
                new Case("POST", f + "/import", "{\"name\":\"Imp!\",\"versions\":[{\"version\":1,\"template\":\"a\","
                        + "\"parameters\":[]}]}", "name", false),
                new Case("POST", "/api/v1/functions/bad-input/invoke", "{\"major\":0,\"parameters\":{}}", "major", true),
                new Case("POST", "/api/v1/functions/bad-input/invoke", "{\"major\":1,\"parameters\":{},\"orgId\":\"dept\"}",
                        "orgId", true),
                new Case("POST", "/api/v1/functions/bad-input/invoke", "{\"major\":1,\"parameters\":[]}", "parameters", true),
                new Case("POST", "/api/v1/functions/bad-input/invoke", "{\"major\":1,\"parameters\":{\"who\":5}}",
                        "parameters.who", true),
                new Case("POST", "/api/v1/functions/bad-input/invoke", "{\"major\":1,\"parameters\":{\"who\":\"a\","
                        + "\"extra\":true}}", "parameters.extra", true),
                new Case("POST", "/api/v1/functions/bad-input/invoke", "{\"major\":1,\"parameters\":{}}",
                        "parameters.who", true),
                new Case("POST", "/api/v1/functions/Bad!/invoke", "{\"major\":1,\"parameters\":{}}", "name", true))
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + c.path().substring(0, Math.min(70, c.path().length()))
                        + " " + c.field(), () -> {
                    Answer a = api.call(c.runtime() ? product : admin, c.method(), c.path(), c.body());
                    assertThat(a.status()).as(a.body()).isEqualTo(400);
                    assertThat(a.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(a.json().at("/error/details/fields").has(c.field())).as(a.body()).isTrue();
                }));
    }

    @Test
    void everyProblemOfAVersionIsListedAndNothingIsStored() {
        Answer a = api.post(admin, "/api/admin/prompt-functions/bad-input/versions", "{\"template\":\"{{a}} {{b}}\","
                + "\"parameters\":[{\"name\":\"c\",\"type\":\"enum\",\"required\":true}]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().at("/error/details/problems").findValuesAsText("parameter")).contains("a", "b", "c");
        assertThat(api.get(admin, "/api/admin/prompt-functions/bad-input").json().at("/data/latestVersion").asInt())
                .isEqualTo(1);
    }

    @Test
    void goldenAnswers() {
        Answer created = api.post(admin, "/api/admin/prompt-functions", "{\"name\":\"golden\",\"description\":\"Greets\"}");
        golden("prompt-functions-create-201", created);
        golden("prompt-functions-create-409", api.post(admin, "/api/admin/prompt-functions",
                "{\"name\":\"golden\",\"description\":\"again\"}"));
        golden("prompt-versions-create-201", api.post(admin, "/api/admin/prompt-functions/golden/versions",
                "{\"template\":\"Hello {{who}}\",\"parameters\":" + WHO + ",\"settings\":{\"provider\":\"openai\","
                        + "\"maxTokens\":20,\"temperature\":0.5,\"system\":\"Be brief.\"}}"));
        golden("prompt-versions-create-400", api.post(admin, "/api/admin/prompt-functions/golden/versions",
                "{\"template\":\"Hello {{whom}}\",\"parameters\":" + WHO + "}"));
        Answer deployed = api.deploy(admin, "golden", 1, 1);
        golden("prompt-deployments-create-201-active", deployed);
        api.version(admin, "golden", "Hello {{who}} of {{place}}", "[{\"name\":\"who\",\"type\":\"string\",\"required\":true},"
                + "{\"name\":\"place\",\"type\":\"string\",\"required\":true}]", "{\"maxTokens\":20}");
        golden("prompt-deployments-create-409-breaking", api.deploy(admin, "golden", 2, 1));
        golden("prompt-classification-200", api.get(admin, "/api/admin/prompt-functions/golden/versions/2/classification"));
        golden("prompt-functions-get-200", api.get(admin, "/api/admin/prompt-functions/golden"));
        golden("prompt-rollback-409", api.rollback(admin, "golden", 1));
        golden("prompt-lab-status-200", api.get(admin, "/api/admin/prompt-lab/status"));
        golden("functions-catalog-200", api.get(product, "/api/v1/functions"));
        golden("functions-invoke-200", api.invoke(product, "golden", 1, "{\"who\":\"Ada\"}"));
        golden("functions-invoke-400", api.invoke(product, "golden", 1, "{\"who\":7,\"extra\":1}"));
        golden("functions-invoke-404", api.invoke(product, "golden", 9, "{\"who\":\"Ada\"}"));
    }

    private static void golden(String name, Answer answer) {
        // people are answered by username: an id left in an answer shows up as <admin-id>
        String body = answer.body().replace(admin.userId(), "<admin-id>").replace(product.userId(), "<product>");
        for (String id : List.of("deploymentId")) {
            body = body.replaceAll("\"" + id + "\":\"[0-9a-f-]{36}\"", "\"" + id + "\":\"<id>\"");
        }
        GoldenFiles.assertMatches(name, answer.status(), body);
    }
}
