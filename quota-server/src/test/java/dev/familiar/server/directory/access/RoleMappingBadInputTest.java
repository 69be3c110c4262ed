package dev.familiar.server.directory.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.directory.local.LocalDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every bad replacement of the role mappings is a 400 naming the field, and the stored set stays as it was. */
@Tag("storage")
class RoleMappingBadInputTest {
    static final String PATH = "/api/admin/directory/role-mappings";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static String group;
    static String original;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        admin = identity.admin();
        group = new LocalDirectory(identity.dataSource(), Clock.systemUTC())
                .create("Prompt Engineers", Optional.empty()).id();
        Answer saved = put("{\"items\":[{\"groupId\":\"" + group + "\",\"role\":\"PROMPT_ENGINEER\"}]}");
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        original = get().json().path("data").toString();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer put(String body) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + PATH)
                .put(RequestBody.create(body, HttpCalls.JSON));
        admin.bearer().forEach(b::header);
        return HttpCalls.call(b.build());
    }

    static Answer get() {
        return HttpCalls.get(server.baseUrl() + PATH, admin.bearer());
    }

    record Case(String body, String field) {
    }

    static String item(String groupId, String role) {
        return "{\"groupId\":\"" + groupId + "\",\"role\":\"" + role + "\"}";
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400WithTheField() {
        String ok = item(group, "BILLING_ADMIN");
        String tooMany = "{\"items\":[" + String.join(",", java.util.Collections.nCopies(201, ok)) + "]}";
        return Stream.of(
                new Case("{}", "items"),
                new Case("{\"items\":null}", "items"),
                new Case("{\"items\":{}}", "items"),
                new Case(tooMany, "items"),
                new Case("{\"items\":[null]}", "items[0]"),
                new Case("{\"items\":[" + ok + "," + ok + "]}", "items[1]"),
                new Case("{\"items\":[" + ok + "," + item(group, "USER") + "]}", "items[1].role"),
                new Case("{\"items\":[" + item(group, "SERVICE") + "]}", "items[0].role"),
                new Case("{\"items\":[" + item(group, "billing_admin") + "]}", "items[0].role"),
                new Case("{\"items\":[{\"groupId\":\"" + group + "\"}]}", "items[0].role"),
                new Case("{\"items\":[{\"role\":\"ADMIN\"}]}", "items[0].groupId"),
                new Case("{\"items\":[" + item("grp one", "ADMIN") + "]}", "items[0].groupId"),
                new Case("{\"items\":[" + item("g".repeat(65), "ADMIN") + "]}", "items[0].groupId"),
                new Case("{\"items\":[" + ok + "," + item("grp_00000000000000000000000000000000", "ADMIN") + "]}",
                        "items[1].groupId"),
                new Case("{\"items\":[{\"groupId\":\"" + group + "\",\"role\":\"ADMIN\",\"weight\":1}]}",
                        "items[0].weight"),
                new Case("{\"items\":[],\"owner\":\"me\"}", "owner"))
                .map(c -> DynamicTest.dynamicTest(abbreviate(c.body()), () -> {
                    Answer answer = put(c.body());
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").has(c.field()))
                            .as("names %s: %s", c.field(), answer.body()).isTrue();
                    assertThat(get().json().path("data").toString()).isEqualTo(original);
                }));
    }

    static String abbreviate(String body) {
        return body.length() <= 100 ? body : body.substring(0, 100) + "…";
    }
}
