package dev.familiar.server.prompt.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every data-set and batch route answers bad input with 400 naming the field; the stored data set is unchanged. */
@Tag("storage")
class DataSetBatchBadInputTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static String original;

    record Case(String method, String path, String body, String field) {
    }

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        admin = new Identity(server).admin();
        Answer saved = call(new Case("PUT", "/api/admin/prompt-lab/data-sets/kept",
                "{\"rows\":[{\"label\":\"one\",\"values\":{\"topic\":\"kept\"}}]}", null));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        original = saved.json().path("data").toString();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer call(Case c) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + c.path());
        admin.bearer().forEach(b::header);
        switch (c.method()) {
            case "GET" -> b.get();
            case "DELETE" -> b.delete();
            default -> b.method(c.method(), RequestBody.create(c.body(), HttpCalls.JSON));
        }
        return HttpCalls.call(b.build());
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400WithTheField() {
        String kept = "/api/admin/prompt-lab/data-sets/kept";
        String rows1001 = "{\"rows\":[" + "{\"values\":{}},".repeat(1000) + "{\"values\":{}}]}";
        String batches = "/api/admin/prompt-lab/batches";
        return Stream.of(
                new Case("PUT", "/api/admin/prompt-lab/data-sets/bad%20name", "{\"rows\":[]}", "name"),
                new Case("PUT", "/api/admin/prompt-lab/data-sets/" + "n".repeat(65), "{\"rows\":[]}", "name"),
                new Case("GET", "/api/admin/prompt-lab/data-sets/bad%2Fname", null, "name"),
                new Case("DELETE", "/api/admin/prompt-lab/data-sets/bad%24", null, "name"),
                new Case("PUT", kept, "{}", "rows"),
                new Case("PUT", kept, "{\"rows\":null}", "rows"),
                new Case("PUT", kept, "{\"rows\":{}}", "rows"),
                new Case("PUT", kept, rows1001, "rows"),
                new Case("PUT", kept, "{\"name\":\"other\",\"rows\":[]}", "name"),
                new Case("PUT", kept, "{\"description\":\"" + "d".repeat(1001) + "\",\"rows\":[]}", "description"),
                new Case("PUT", kept, "{\"rows\":[{\"label\":\"x\"}]}", "rows[0].values"),
                new Case("PUT", kept, "{\"rows\":[{\"values\":{}},{\"values\":[1,2]}]}", "rows[1].values"),
                new Case("PUT", kept, "{\"rows\":[{\"values\":\"topic=x\"}]}", "rows[0].values"),
                new Case("PUT", kept, "{\"rows\":[null]}", "rows[0]"),
                new Case("PUT", kept, "{\"rows\":[{\"values\":{},\"label\":\"" + "l".repeat(201) + "\"}]}", "rows[0].label"),
                new Case("PUT", kept, "{\"rows\":[{\"values\":{},\"label\":\"  \"}]}", "rows[0].label"),
                new Case("PUT", kept, "{\"rows\":[{\"values\":{},\"weight\":2}]}", "rows[0].weight"),
                new Case("PUT", kept, "{\"rows\":[],\"owner\":\"me\"}", "owner"),
                new Case("GET", kept + "/check?version=1", null, "function"),
                new Case("GET", kept + "/check?function=f", null, "version"),
                new Case("GET", kept + "/check?function=f&version=0", null, "version"),
                new Case("GET", kept + "/check?function=f&version=one", null, "version"),
                new Case("POST", batches, "{\"version\":1,\"dataSet\":\"kept\"}", "function"),
                new Case("POST", batches, "{\"function\":\"f\",\"dataSet\":\"kept\"}", "version"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":0,\"dataSet\":\"kept\"}", "version"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":\"1\",\"dataSet\":\"kept\"}", "version"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":1}", "dataSet"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":1,\"dataSet\":\"a b\"}", "dataSet"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":1,\"dataSet\":\"kept\",\"settings\":"
                        + "{\"temperature\":2.5}}", "settings.temperature"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":1,\"dataSet\":\"kept\",\"settings\":"
                        + "{\"maxTokens\":0}}", "settings.maxTokens"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":1,\"dataSet\":\"kept\",\"settings\":"
                        + "{\"responseFormat\":\"xml\"}}", "settings.responseFormat"),
                new Case("POST", batches, "{\"function\":\"f\",\"version\":1,\"dataSet\":\"kept\",\"rows\":[]}", "rows"),
                new Case("GET", batches + "/not-a-uuid", null, "id"),
                new Case("POST", batches + "/not-a-uuid/cancel", "", "id"))
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + c.path() + " " + abbreviate(c.body()), () -> {
                    Answer answer = call(c);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").has(c.field()))
                            .as("names %s: %s", c.field(), answer.body()).isTrue();
                    assertThat(call(new Case("GET", "/api/admin/prompt-lab/data-sets/kept", null, null)).json()
                            .path("data").toString()).isEqualTo(original);
                    assertThat(count("SELECT COUNT(*) FROM prompt_batch")).isZero();
                }));
    }

    static String abbreviate(String body) {
        return body == null || body.length() <= 80 ? String.valueOf(body) : body.substring(0, 80) + "…";
    }

    static long count(String sql) throws Exception {
        try (Connection c = new Identity(server).dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
