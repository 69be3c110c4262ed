package dev.familiar.server.users.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.UserQuery;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invitation, reset, acceptance and password-change routes answer bad input with 400 naming the field (the
 * envelope's {@code details.fields}, or the plain family's {@code errors[].field}), and create no account.
 */
class InvitationBadInputTest {
    private static final String EMAIL = "bad-input-invitee@example.com";
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static FamiliarClient client;

    record Case(String path, String body, Map<String, String> headers, String field) {
    }

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        admin = identity.admin();
        client = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400WithTheFieldAndCreatesNoAccount() {
        String invite = "/api/admin/users/invitations";
        String accept = "/api/v1/auth/invitations/accept";
        String password = "/api/v1/auth/password";
        Map<String, String> asAdmin = admin.bearer();
        return Stream.of(
                new Case(invite, "{\"roles\":[\"USER\"]}", asAdmin, "email"),
                new Case(invite, "{\"email\":\"not-an-email\",\"roles\":[\"USER\"]}", asAdmin, "email"),
                new Case(invite, "{\"email\":\"" + EMAIL + "\",\"roles\":[]}", asAdmin, "roles"),
                new Case(invite, "{\"email\":\"" + EMAIL + "\",\"roles\":[\"SERVICE\"]}", asAdmin, "roles"),
                new Case(invite, "{\"email\":\"" + EMAIL + "\",\"roles\":[\"USER\"],\"tenantId\":\"acme\"}", asAdmin,
                        "tenantId"),
                new Case(invite, "{\"email\":\"" + EMAIL + "\",\"roles\":[\"USER\"],\"password\":\"x\"}", asAdmin,
                        "password"),
                new Case("/api/admin/users/not-a-uuid/password-reset", "", asAdmin, "id"),
                new Case(accept, "{\"password\":\"long-enough-password-1\"}", Map.of(), "code"),
                new Case(accept, "{\"code\":\"fami_x\"}", Map.of(), "password"),
                new Case(accept, "{\"code\":\"fami_x\",\"password\":\"short\"}", Map.of(), "password"),
                new Case(password, "{\"newPassword\":\"long-enough-password-2\"}", asAdmin, "currentPassword"),
                new Case(password, "{\"currentPassword\":\"x\"}", asAdmin, "newPassword"))
                .map(c -> DynamicTest.dynamicTest(c.path() + " " + c.body(), () -> {
                    Answer answer = HttpCalls.post(server.baseUrl() + c.path(), c.body(), c.headers());
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(namedFields(answer.json())).as(answer.body()).contains(c.field());
                    assertThat(client.users().list(new UserQuery(EMAIL, null, null, null, null, null)).items())
                            .isEmpty();
                }));
    }

    /** The fields a 400 names, in either family's shape. */
    private static java.util.List<String> namedFields(JsonNode body) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        body.at("/error/details/fields").fieldNames().forEachRemaining(fields::add);
        body.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}
