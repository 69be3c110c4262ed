package dev.familiar.server.prompt.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.DataSetWrite;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sets over HTTP, as a PROMPT_ENGINEER: create, replace, list, read, delete, audited; a plain user is refused;
 * the typed client round-trips them. The engineer has a fixed id and the clock is fixed, so answers are goldens.
 */
@Tag("storage")
class DataSetRoutesTest {
    static final String ENGINEER_ID = "00000000-0000-4000-8000-00000000e001";
    static final String PLATFORM_TENANT = "00000000-0000-0000-0000-000000000001";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account engineer;
    static Account user;
    static TypedClients clients;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir), new MutableClock(Instant.parse("2030-01-01T00:00:00Z")));
        identity = new Identity(server);
        new UserStore(identity.dataSource()).create(new User(ENGINEER_ID, PLATFORM_TENANT, "golden-engineer",
                Optional.of("golden-engineer@example.com"), new PasswordHasher(1_000).hash(Identity.PASSWORD.toCharArray()),
                EnumSet.of(Role.USER, Role.PROMPT_ENGINEER), false, Instant.parse("2030-01-01T00:00:00Z")));
        engineer = identity.login("golden-engineer", Identity.PASSWORD);
        user = identity.register("datasets-plain-user");
        clients = new TypedClients(server);
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.stop();
    }

    static Answer call(String method, String path, String body, Account as) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + path);
        as.bearer().forEach(b::header);
        switch (method) {
            case "GET" -> b.get();
            case "DELETE" -> b.delete();
            default -> b.method(method, RequestBody.create(body, HttpCalls.JSON));
        }
        return HttpCalls.call(b.build());
    }

    static final String TOPICS = "{\"description\":\"Three topics\",\"rows\":[{\"label\":\"dragons\",\"values\":{\"topic\":"
            + "\"dragons\",\"length\":3}},{\"values\":{\"topic\":\"owls\",\"tags\":[\"night\",\"birds\"]}},"
            + "{\"label\":\"nested\",\"values\":{\"topic\":\"maps\",\"meta\":{\"scale\":0.5,\"legend\":true}}}]}";

    @Test
    void anEngineerCreatesReadsReplacesAndDeletesADataSetEachAudited() throws Exception {
        Answer created = call("PUT", "/api/admin/prompt-lab/data-sets/golden-topics", TOPICS, engineer);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        GoldenFiles.assertMatches("prompt-dataset-put-200", created.status(), created.body());
        assertThat(audits("prompt.dataset.create", "golden-topics")).isEqualTo(1);

        Answer read = call("GET", "/api/admin/prompt-lab/data-sets/golden-topics", null, engineer);
        assertThat(read.json().path("data")).isEqualTo(created.json().path("data"));
        GoldenFiles.assertMatches("prompt-dataset-get-200", read.status(), read.body());
        assertThat(read.json().at("/data/rows/2/values/meta/scale").asDouble()).isEqualTo(0.5);
        assertThat(read.json().at("/data/rows/1/label").isNull()).isTrue();

        Answer replaced = call("PUT", "/api/admin/prompt-lab/data-sets/golden-topics",
                "{\"name\":\"golden-topics\",\"rows\":[{\"values\":{\"topic\":\"bees\"}},{\"values\":{\"topic\":\"ants\"}}]}",
                engineer);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().at("/data/rows").findValuesAsText("topic")).containsExactly("bees", "ants");
        assertThat(replaced.json().at("/data/description").isNull()).isTrue();
        assertThat(audits("prompt.dataset.replace", "golden-topics")).isEqualTo(1);

        Answer deleted = call("DELETE", "/api/admin/prompt-lab/data-sets/golden-topics", null, engineer);
        assertThat(deleted.status()).isEqualTo(200);
        GoldenFiles.assertMatches("prompt-dataset-delete-200", deleted.status(), deleted.body());
        assertThat(audits("prompt.dataset.delete", "golden-topics")).isEqualTo(1);
        Answer again = call("DELETE", "/api/admin/prompt-lab/data-sets/golden-topics", null, engineer);
        assertThat(again.status()).isEqualTo(404);
        GoldenFiles.assertMatches("prompt-dataset-delete-404", again.status(), again.body());
        assertThat(call("GET", "/api/admin/prompt-lab/data-sets/golden-topics", null, engineer).status()).isEqualTo(404);
        assertThat(rowsStored("golden-topics")).as("the rows went with it").isZero();
    }

    @Test
    void theListNamesEveryDataSetInNameOrderWithItsRowCountAndNoRows() {
        call("PUT", "/api/admin/prompt-lab/data-sets/list-b", "{\"rows\":[{\"values\":{}}]}", engineer);
        call("PUT", "/api/admin/prompt-lab/data-sets/list-a", TOPICS, engineer);

        Answer list = call("GET", "/api/admin/prompt-lab/data-sets", null, engineer);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().at("/data/items").findValuesAsText("name")).containsSubsequence("list-a", "list-b");
        assertThat(list.json().at("/data/items/0/rowCount").asInt()).isEqualTo(3);
        assertThat(list.json().at("/data/items/0/rows").isMissingNode()).isTrue();
    }

    @Test
    void aPlainUserMayNotTouchDataSets() {
        assertThat(call("GET", "/api/admin/prompt-lab/data-sets", null, user).status()).isEqualTo(403);
        assertThat(call("PUT", "/api/admin/prompt-lab/data-sets/mine", TOPICS, user).status()).isEqualTo(403);
        assertThat(call("POST", "/api/admin/prompt-lab/batches",
                "{\"function\":\"f\",\"version\":1,\"dataSet\":\"mine\"}", user).status()).isEqualTo(403);
    }

    @Test
    void theTypedClientRoundTripsADataSet() {
        FamiliarClient client = clients.as(engineer);
        ObjectNode values = JsonNodeFactory.instance.objectNode().put("topic", "client").put("n", 2);
        DataSetView saved = client.promptLab().saveDataSet(new DataSetWrite("typed.client_1", "via the client",
                List.of(new DataSetRow("first", values))));
        assertThat(saved.rows()).containsExactly(new DataSetRow("first", values));
        assertThat(saved.updatedBy()).as("the username, not the id").isEqualTo(engineer.username());
        assertThat(client.promptLab().dataSet("typed.client_1")).isEqualTo(saved);
        assertThat(client.promptLab().dataSets().items()).extracting(DataSetList.Summary::name).contains("typed.client_1");
        client.promptLab().deleteDataSet("typed.client_1");
        assertThatThrownBy(() -> client.promptLab().dataSet("typed.client_1"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void checkingOrRunningAgainstAFunctionThatDoesNotExistIsNotFound() {
        call("PUT", "/api/admin/prompt-lab/data-sets/orphans", TOPICS, engineer);

        Answer check = call("GET", "/api/admin/prompt-lab/data-sets/orphans/check?function=nothing&version=1", null, engineer);
        assertThat(check.status()).isEqualTo(404);
        assertThat(call("GET", "/api/admin/prompt-lab/data-sets/absent/check?function=nothing&version=1", null, engineer)
                .json().at("/error/message").asText()).isEqualTo("No data set absent");
        Answer batch = call("POST", "/api/admin/prompt-lab/batches",
                "{\"function\":\"nothing\",\"version\":1,\"dataSet\":\"orphans\"}", engineer);
        assertThat(batch.status()).isEqualTo(404);
        GoldenFiles.assertMatches("prompt-batch-start-404", batch.status(), batch.body());
        assertThat(call("GET", "/api/admin/prompt-lab/batches/3f1f1f1f-0000-4000-8000-000000000001", null, engineer)
                .status()).isEqualTo(404);
    }

    @Test
    void aCheckNamesEachRowsProblemsAndABatchStartsAcceptedWithItsRowsStillToRun() throws Exception {
        assertThat(call("POST", "/api/admin/prompt-functions", "{\"name\":\"golden.topics\",\"description\":\"d\"}",
                engineer).status()).isEqualTo(201);
        assertThat(call("POST", "/api/admin/prompt-functions/golden.topics/versions", "{\"template\":\"Write about "
                + "{{topic}}.\",\"parameters\":[{\"name\":\"topic\",\"type\":\"string\",\"required\":true}]}",
                engineer).status()).isEqualTo(201);
        call("PUT", "/api/admin/prompt-lab/data-sets/golden-check", TOPICS, engineer);

        Answer check = call("GET", "/api/admin/prompt-lab/data-sets/golden-check/check?function=golden.topics&version=1",
                null, engineer);

        assertThat(check.status()).isEqualTo(200);
        GoldenFiles.assertMatches("prompt-dataset-check-200", check.status(), check.body());
        assertThat(check.json().at("/data/rows/0/problems/0/problem").asText()).isEqualTo("UNKNOWN");

        call("PUT", "/api/admin/prompt-lab/data-sets/golden-clean",
                "{\"rows\":[{\"values\":{\"topic\":\"bees\"}},{\"values\":{\"topic\":\"ants\"}}]}", engineer);
        Answer started = call("POST", "/api/admin/prompt-lab/batches",
                "{\"function\":\"golden.topics\",\"version\":1,\"dataSet\":\"golden-clean\"}", engineer);

        assertThat(started.status()).isEqualTo(202);
        GoldenFiles.assertMatches("prompt-batch-start-202", started.status(), started.body());
        assertThat(started.json().at("/data/status").asText()).isEqualTo("RUNNING");
        assertThat(started.json().at("/data/total").asInt()).isEqualTo(2);
    }

    static long audits(String action, String target) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = ? AND target = ? "
                     + "AND actor = ?")) {
            ps.setString(1, action);
            ps.setString(2, target);
            ps.setString(3, ENGINEER_ID);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long rowsStored(String name) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM prompt_data_set_row WHERE data_set = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
