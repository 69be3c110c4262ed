package dev.familiar.server.directory.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every directory admin route answers bad input with a 4xx in the envelope naming the field (400
 * {@code VALIDATION_FAILED}), never a 500, and the group it named is left as it was: same name, description and
 * members, and no group was created.
 */
@Tag("storage")
class DirectoryAdminBadInputTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static FamiliarClient client;
    static DirectoryGroup target;

    record Case(String method, String path, String body, String field) {
    }

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        admin = new Identity(server).admin();
        client = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token());
        target = client.directory().create("Bad Input Target", "left alone");
        client.directory().addMembers(target.id(), List.of(admin.userId()), null);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    static Answer call(String method, String path, String body, MediaType type) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + path);
        admin.bearer().forEach(b::header);
        b.method(method, body == null ? null : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), type));
        return HttpCalls.call(b.build());
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400NamingTheFieldAndChangesNothing() {
        String groups = "/api/admin/directory/groups";
        String one = groups + "/" + target.id();
        String members = one + "/members";
        String users = "/api/admin/directory/users";
        String foreignCursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("x:grp_00000000000000000000000000000000:zzz".getBytes(StandardCharsets.UTF_8));
        String tooMany = IntStream.range(0, 1_001).mapToObj(i -> "\"p" + i + "@example.com\"")
                .collect(Collectors.joining(",", "{\"emails\":[", "]}"));
        return Stream.of(
                new Case("GET", groups + "?limit=0", null, "limit"),
                new Case("GET", groups + "?limit=101", null, "limit"),
                new Case("GET", groups + "?limit=", null, "limit"),
                new Case("GET", groups + "?limit=ten", null, "limit"),
                new Case("GET", groups + "?cursor=", null, "cursor"),
                new Case("GET", groups + "?cursor=a%01b", null, "cursor"),
                new Case("GET", groups + "?cursor=" + "c".repeat(4_097), null, "cursor"),
                new Case("GET", groups + "?cursor=%21%21%21", null, "cursor"),
                new Case("GET", groups + "?cursor=" + foreignCursor, null, "cursor"),
                new Case("GET", groups + "?search=" + "s".repeat(257), null, "search"),
                new Case("GET", groups + "?search=a%09b", null, "search"),
                new Case("POST", groups, "{}", "displayName"),
                new Case("POST", groups, "{\"displayName\":\"\"}", "displayName"),
                new Case("POST", groups, "{\"displayName\":\"   \"}", "displayName"),
                new Case("POST", groups, "{\"displayName\":\"" + "n".repeat(257) + "\"}", "displayName"),
                new Case("POST", groups, "{\"displayName\":\"two\\nlines\"}", "displayName"),
                new Case("POST", groups, "{\"displayName\":5}", "displayName"),
                new Case("POST", groups, "{\"displayName\":[\"x\"]}", "displayName"),
                new Case("POST", groups, "{\"displayName\":\"Ok\",\"description\":\"" + "d".repeat(1_025) + "\"}",
                        "description"),
                new Case("POST", groups, "{\"displayName\":\"Ok\",\"owner\":\"me\"}", "owner"),
                new Case("POST", groups, "{\"displayName\":\"Ok\",\"displayName\":\"Twice\"}", "displayName"),
                new Case("POST", groups, "[]", "$"),
                new Case("POST", groups, "{oops", "$"),
                new Case("POST", groups, "", "$"),
                new Case("POST", groups, "{\"displayName\":\"a\\u0000b\"}", "displayName"),
                new Case("PATCH", one, "{}", "$"),
                new Case("PATCH", one, "{\"displayName\":null,\"description\":null}", "$"),
                new Case("PATCH", one, "{\"displayName\":\"\"}", "displayName"),
                new Case("PATCH", one, "{\"displayName\":\"" + "n".repeat(257) + "\"}", "displayName"),
                new Case("PATCH", one, "{\"description\":[]}", "description"),
                new Case("PATCH", one, "{\"description\":\"" + "d".repeat(1_025) + "\"}", "description"),
                new Case("PATCH", one, "{\"displayName\":\"Renamed\",\"memberCount\":3}", "memberCount"),
                new Case("PATCH", groups + "/not@an-id", "{\"displayName\":\"Renamed\"}", "id"),
                new Case("PATCH", groups + "/" + "g".repeat(65), "{\"displayName\":\"Renamed\"}", "id"),
                new Case("DELETE", groups + "/g%20h", null, "id"),
                new Case("DELETE", groups + "/%C3%A9t%C3%A9", null, "id"),
                new Case("GET", groups + "/bad.id/members", null, "id"),
                new Case("GET", members + "?limit=0", null, "limit"),
                new Case("GET", members + "?cursor=", null, "cursor"),
                new Case("GET", members + "?cursor=" + foreignCursor, null, "cursor"),
                new Case("POST", members, "{}", "$"),
                new Case("POST", members, "{\"userIds\":[],\"emails\":[]}", "$"),
                new Case("POST", members, "{\"userIds\":null,\"emails\":null}", "$"),
                new Case("POST", members, tooMany, "$"),
                new Case("POST", members, "{\"userIds\":\"" + admin.userId() + "\"}", "userIds"),
                new Case("POST", members, "{\"userIds\":[1]}", "userIds[0]"),
                new Case("POST", members, "{\"emails\":[{\"address\":\"a@example.com\"}]}", "emails[0]"),
                new Case("POST", members, "{\"emails\":[\"a@example.com\"],\"names\":[\"Ann\"]}", "names"),
                new Case("POST", groups + "/bad!id/members", "{\"emails\":[\"a@example.com\"]}", "id"),
                new Case("DELETE", members + "/not@a-member", null, "memberId"),
                new Case("DELETE", groups + "/bad!id/members/" + admin.userId(), null, "id"),
                new Case("GET", users, null, "search"),
                new Case("GET", users + "?search=", null, "search"),
                new Case("GET", users + "?search=%20%20", null, "search"),
                new Case("GET", users + "?search=" + "u".repeat(101), null, "search"),
                new Case("GET", users + "?search=a%0Ab", null, "search"))
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + abbreviate(c.path()) + " " + abbreviate(c.body()),
                        () -> {
                            Answer answer = call(c.method(), c.path(), c.body(), HttpCalls.JSON);
                            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                            assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
                            assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                            assertThat(answer.json().at("/error/details/fields").has(c.field()))
                                    .as("names %s: %s", c.field(), answer.body()).isTrue();
                            assertUnchanged();
                        }));
    }

    @Test
    void aBodyThatIsNotJsonIs415InTheEnvelopeAndChangesNothing() {
        Answer answer = call("POST", "/api/admin/directory/groups/" + target.id() + "/members",
                "userIds=" + admin.userId(), MediaType.get("application/x-www-form-urlencoded"));

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertUnchanged();
    }

    @Test
    void theOneThousandAndFirstEntryIsRefusedButAThousandAreAnswered() {
        String thousand = IntStream.range(0, 1_000).mapToObj(i -> "\"p" + i + "@example.com\"")
                .collect(Collectors.joining(",", "{\"emails\":[", "]}"));

        Answer answer = call("POST", "/api/admin/directory/groups/" + target.id() + "/members", thousand,
                HttpCalls.JSON);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/data/results").size()).isEqualTo(1_000);
        assertThat(answer.json().at("/data/failed").asInt()).isEqualTo(1_000);
        assertUnchanged();
    }

    private static void assertUnchanged() {
        assertThat(client.directory().groups(null, null, 100).items()).containsExactly(
                new DirectoryGroup(target.id(), target.displayName(), target.description(), 1));
        assertThat(client.directory().members(target.id(), null, null).items()).extracting(DirectoryUser::id)
                .containsExactly(admin.userId());
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
