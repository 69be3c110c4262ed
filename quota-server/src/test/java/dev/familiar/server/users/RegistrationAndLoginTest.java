package dev.familiar.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.PlainErrors;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class RegistrationAndLoginTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static Answer register(String json) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/auth/register", json);
    }

    private static Answer login(String username, String password) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void registrationAnswers201WithTheUserAndAToken() {
        Answer answer = register("{\"username\":\"Dev123\",\"email\":\"Dev123@Example.com\",\"password\":\"" + Identity.PASSWORD + "\"}");

        assertThat(answer.status()).isEqualTo(201);
        JsonNode body = answer.json();
        assertThat(body.path("username").asText()).isEqualTo("dev123");
        assertThat(body.path("email").asText()).isEqualTo("dev123@example.com");
        assertThat(body.path("roles")).hasSize(1);
        assertThat(body.path("roles").get(0).asText()).isEqualTo("USER");
        assertThat(body.path("token").asText()).startsWith("eyJ");
        assertThat(body.toString()).doesNotContain(Identity.PASSWORD);
        GoldenFiles.assertMatches("auth-register-201", answer.status(), answer.body().replace(body.path("token").asText(), "<token>"));
    }

    @Test
    void theRegistrationTokenWorksOnProtectedRoutes() {
        Identity.Account account = identity.register("token-works");

        Answer keys = HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + account.userId(), account.bearer());

        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.json().isArray()).isTrue();
    }

    @Test
    void aTakenUsernameOrEmailIs409AndWritesNothing() throws Exception {
        identity.register("taken-name");
        long tenantsBefore = count("tenant");
        long usersBefore = count("app_user");

        Answer sameName = register("{\"username\":\"TAKEN-NAME\",\"email\":\"other@example.com\",\"password\":\"" + Identity.PASSWORD + "\"}");
        Answer sameEmail = register("{\"username\":\"other-name\",\"email\":\"taken-name@example.com\",\"password\":\"" + Identity.PASSWORD + "\"}");

        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameEmail.status()).isEqualTo(409);
        assertThat(sameName.json().path("message").asText()).contains("already registered");
        assertThat(sameName.json().has("timestamp")).isTrue();
        assertThat(count("tenant")).as("no orphan tenant").isEqualTo(tenantsBefore);
        assertThat(count("app_user")).isEqualTo(usersBefore);
    }

    @Test
    void invalidRegistrationsAre400NamingEachField() {
        Answer answer = register("{\"username\":\"" + "u".repeat(65) + "\",\"email\":\"not-an-email\",\"password\":\"short\"}");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode errors = PlainErrors.byField(answer);
        assertThat(errors.path("username").asText()).contains("3-64");
        assertThat(errors.path("email").asText()).contains("e-mail");
        assertThat(errors.path("password").asText()).contains("12");
        GoldenFiles.assertMatches("auth-register-400", answer.status(), answer.body());
    }

    @Test
    void aWrongTypeIs400InThePlainShape() {
        Answer answer = register("{\"username\":123,\"email\":\"a@b.co\",\"password\":\"" + Identity.PASSWORD + "\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(PlainErrors.byField(answer).path("username").asText()).isEqualTo("expected a string");
        assertThat(answer.json().has("ok")).as("the 002 family has no envelope").isFalse();
    }

    @Test
    void loginAnswersTheUserATokenAndItsExpiry() {
        identity.register("login-ok");

        Answer answer = login("login-ok", Identity.PASSWORD);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("username").asText()).isEqualTo("login-ok");
        assertThat(body.path("token").asText()).startsWith("eyJ");
        assertThat(java.time.Instant.parse(body.path("expiresAt").asText()))
                .isBetween(java.time.Instant.now().plusSeconds(3500), java.time.Instant.now().plusSeconds(3700));
        GoldenFiles.assertMatches("auth-login-200", answer.status(), answer.body().replace(body.path("token").asText(), "<token>"));
    }

    @Test
    void loginWorksWithTheEmailToo() {
        identity.register("by-email");

        assertThat(login("by-email@example.com", Identity.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSame401() {
        identity.register("known-user");

        Answer wrongPassword = login("known-user", "wrong-password-123");
        Answer unknownUser = login("nobody-at-all", "wrong-password-123");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().path("message").asText()).isEqualTo(unknownUser.json().path("message").asText());
    }

    @Test
    void repeatedFailuresOnOneAccountAreSlowedDownWith429AndRetryAfter() {
        identity.register("guessed-user");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(login("guessed-user", "guess-number-" + i).status()).isEqualTo(401);
        }

        Answer throttled = login("guessed-user", Identity.PASSWORD);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 30L);
        assertThat(throttled.json().path("message").asText()).contains("Too many");
    }

    private static long count(String table) throws Exception {
        try (Connection c = identity.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aMissingBodyIs400() {
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/v1/auth/login", "");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).isNotBlank();
        assertThat(PlainErrors.byField(answer).has("$")).isTrue();
    }

    @Test
    void registrationErrorsNeverEchoThePassword() {
        Answer answer = register("{\"username\":\"x\",\"email\":\"x@y.zz\",\"password\":\"" + "p".repeat(5) + "\"}");

        assertThat(answer.body()).doesNotContain("ppppp");
    }
}
