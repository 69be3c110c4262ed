package dev.familiar.server.users.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.UserStatus;
import dev.familiar.model.users.UserView;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every user-admin route answers bad input with 400 naming the field, and the user is unchanged. */
@Tag("storage")
class UserAdminBadInputTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static String target;
    static FamiliarClient client;

    record Case(String method, String path, String body, String field) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        UserFixture fixture = new UserFixture(server);
        admin = fixture.identity.admin();
        target = fixture.tenantOwner("bad-input-target").userId();
        client = fixture.client(admin);
    }

    @AfterAll
    static void stop() {
        client.close();
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
        String list = "/api/admin/users";
        String one = "/api/admin/users/" + target;
        String foreignCursor = Base64.getUrlEncoder().encodeToString("x:someone".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                new Case("GET", list + "?limit=0", null, "limit"),
                new Case("GET", list + "?limit=101", null, "limit"),
                new Case("GET", list + "?limit=", null, "limit"),
                new Case("GET", list + "?limit=ten", null, "limit"),
                new Case("GET", list + "?cursor=%21%21%21", null, "cursor"),
                new Case("GET", list + "?cursor=" + foreignCursor, null, "cursor"),
                new Case("GET", list + "?cursor=", null, "cursor"),
                new Case("GET", list + "?tenantId=acme", null, "tenantId"),
                new Case("GET", list + "?role=SERVICE", null, "role"),
                new Case("GET", list + "?role=admin", null, "role"),
                new Case("GET", list + "?status=GONE", null, "status"),
                new Case("GET", list + "?search=", null, "search"),
                new Case("GET", list + "?search=" + "a".repeat(321), null, "search"),
                new Case("GET", list + "?search=a%01b", null, "search"),
                new Case("GET", "/api/admin/users/not-a-uuid", null, "id"),
                new Case("PATCH", "/api/admin/users/not-a-uuid", "{\"locked\":true}", "id"),
                new Case("DELETE", "/api/admin/users/not-a-uuid", null, "id"),
                new Case("PATCH", one, "{}", "$"),
                new Case("PATCH", one, "{\"roles\":null,\"locked\":null}", "$"),
                new Case("PATCH", one, "[]", "$"),
                new Case("PATCH", one, "{\"roles\":[]}", "roles"),
                new Case("PATCH", one, "{\"roles\":[\"SERVICE\"]}", "roles"),
                new Case("PATCH", one, "{\"roles\":[\"OWNER\"]}", "roles"),
                new Case("PATCH", one, "{\"roles\":[\"USER\",\"USER\"]}", "roles"),
                new Case("PATCH", one, "{\"roles\":\"ADMIN\"}", "roles"),
                new Case("PATCH", one, "{\"roles\":[null]}", "roles"),
                new Case("PATCH", one, "{\"locked\":\"yes\"}", "locked"),
                new Case("PATCH", one, "{\"locked\":1}", "locked"),
                new Case("PATCH", one, "{\"locked\":true,\"email\":\"x@y.example\"}", "email"),
                new Case("PATCH", one, "{\"locked\":true,\"locked\":false}", "locked"))
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + c.path() + " " + c.body(), () -> {
                    Answer answer = call(c);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").has(c.field()))
                            .as("names %s: %s", c.field(), answer.body()).isTrue();
                    UserView unchanged = client.users().get(target);
                    assertThat(unchanged.status()).isEqualTo(UserStatus.ACTIVE);
                    assertThat(unchanged.roles()).containsExactly("USER");
                }));
    }
}
