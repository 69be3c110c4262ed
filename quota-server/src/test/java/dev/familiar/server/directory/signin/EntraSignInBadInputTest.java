package dev.familiar.server.directory.signin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import dev.familiar.server.directory.GroupRoles;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sign-in route's bad input (400 naming the field, before anything else is done), its answers on a server without
 * Entra (config disabled, sign-in 404), and its limit per client address (429 with Retry-After).
 */
class EntraSignInBadInputTest {
    @TempDir
    static Path tempDir;
    @TempDir
    static Path localDir;
    @TempDir
    static Path limitedDir;
    static EntraStandIn entra;
    static GroupsDirectory directory;
    static FamiliarServer server;
    static FamiliarServer local;
    static FamiliarServer limited;

    @BeforeAll
    static void start() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        entra = new EntraStandIn(clock);
        directory = new GroupsDirectory();
        server = TestServers.start(TestServers.config(tempDir).withEntra(entra.settings()), clock, directory,
                GroupRoles.none());
        local = TestServers.start(localDir);
        // one registration a minute: 12 sign-ins a minute per address
        limited = TestServers.start(TestServers.config(limitedDir).withEntra(entra.settings())
                .withRegistrationsPerMinute(1), clock, directory, GroupRoles.none());
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        local.stop();
        limited.stop();
        entra.close();
    }

    record Case(String body, String field) {
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400WithTheField() {
        return Stream.of(
                new Case("{}", "idToken"),
                new Case("{\"idToken\":null}", "idToken"),
                new Case("{\"idToken\":\"\"}", "idToken"),
                new Case("{\"idToken\":\"   \"}", "idToken"),
                new Case("{\"idToken\":42}", "idToken"),
                new Case("{\"idToken\":[\"a.b.c\"]}", "idToken"),
                new Case("{\"idToken\":\"" + "a".repeat(EntraSignInRoutes.MAX_ID_TOKEN + 1) + "\"}", "idToken"),
                new Case("{\"idToken\":\"a.b.c\",\"groups\":[\"x\"]}", "groups"),
                new Case("{\"idToken\":\"a.b.c\",\"idToken\":\"d.e.f\"}", "idToken"),
                new Case("[]", "$"))
                .map(c -> DynamicTest.dynamicTest(c.body().length() > 80 ? "a too long idToken" : c.body(), () -> {
                    int lookups = directory.lookups.get();
                    Answer answer = HttpCalls.post(server.baseUrl() + "/api/auth/entra/sign-in", c.body());
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").has(c.field()))
                            .as("names %s: %s", c.field(), answer.body()).isTrue();
                    assertThat(directory.lookups.get()).isEqualTo(lookups);
                }));
    }

    @Test
    void aServerWithoutEntraSaysSoInItsConfig() {
        Answer answer = HttpCalls.get(local.baseUrl() + "/api/auth/entra/config");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/enabled").asBoolean()).isFalse();
        GoldenFiles.assertMatches("auth-entra-config-200-disabled", answer.status(), answer.body());
    }

    @Test
    void aServerWithoutEntraAnswersTheSignInWith404() {
        Answer answer = HttpCalls.post(local.baseUrl() + "/api/auth/entra/sign-in", "{\"idToken\":\"a.b.c\"}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/message").asText()).contains("not enabled on this server");
        GoldenFiles.assertMatches("auth-entra-sign-in-404", answer.status(), answer.body());
    }

    @Test
    void signInsAreLimitedPerAddress() {
        // the server's clock stands still, so all these calls fall in one minute
        for (int i = 0; i < EntraSignInRoutes.SIGN_INS_PER_REGISTRATION; i++) {
            assertThat(HttpCalls.post(limited.baseUrl() + "/api/auth/entra/sign-in", "{\"idToken\":\"a.b.c\"}").status())
                    .isEqualTo(401);
        }

        Answer refused = HttpCalls.post(limited.baseUrl() + "/api/auth/entra/sign-in", "{\"idToken\":\"a.b.c\"}");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    }
}
