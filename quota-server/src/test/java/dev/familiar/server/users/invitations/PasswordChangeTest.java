package dev.familiar.server.users.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.PasswordResetIssued;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.PlainErrors;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.users.LoginThrottle;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code POST /api/v1/auth/password}, the self-service change a logged-in user makes; it is where the first
 * administrator's one-time password ("change it at first login", {@code mustChangePassword: true}) leads.
 */
@Tag("storage")
class PasswordChangeTest {
    static final String NEW_PASSWORD = "my-own-chosen-password-1";
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static FamiliarClient anonymous;
    static String oneTimePassword;

    @BeforeAll
    static void start() {
        // no configured administrator: the server generates one with a one-time password
        server = TestServers.start(TestServers.config(tempDir).withAdmin(null, null));
        identity = new Identity(server);
        anonymous = FamiliarClient.connect(server.baseUrl());
        String notice = server.oneTimeAdminNotice().orElseThrow();
        Matcher m = Pattern.compile("one-time password: (\\S{20})").matcher(notice);
        assertThat(m.find()).isTrue();
        oneTimePassword = m.group(1);
    }

    @AfterAll
    static void stop() {
        anonymous.close();
        server.stop();
    }

    static ApiError refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError");
    }

    @Test
    void theFirstAdministratorIsToldToChangeTheOneTimePasswordAndDoesSoThroughThisRoute() {
        assertThat(server.oneTimeAdminNotice().orElseThrow()).contains("POST /api/v1/auth/password");
        LoginResponse first = anonymous.login("admin", oneTimePassword);
        assertThat(first.mustChangePassword()).isTrue();

        LoginResponse changed;
        try (FamiliarClient admin = anonymous.withBearer(first.token())) {
            changed = admin.account().changePassword(oneTimePassword, NEW_PASSWORD);
        }

        assertThat(changed.mustChangePassword()).isFalse();
        assertThat(changed.userId()).isEqualTo(first.userId());
        assertThat(changed.roles()).containsExactly("ADMIN");
        assertThat(anonymous.login("admin", NEW_PASSWORD).mustChangePassword()).isFalse();
        assertThat(refusal(() -> anonymous.login("admin", oneTimePassword)).status()).isEqualTo(401);
    }

    @Test
    void aWrongCurrentPasswordIs400NamingItAndRepeatedFailuresAreThrottledLikeLogins() throws Exception {
        Account user = identity.register("wrong-current-" + UUID.randomUUID().toString().substring(0, 6));
        String before = passwordHashOf(user.userId());
        Answer wrong = change(user, "not-my-password-at-all", NEW_PASSWORD);

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(PlainErrors.byField(wrong).path("currentPassword").asText()).isEqualTo("is not your current password");
        GoldenFiles.assertMatches("auth-password-400", wrong.status(), wrong.body());
        for (int i = 1; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(change(user, "not-my-password-at-all", NEW_PASSWORD).status()).isEqualTo(400);
        }
        Answer throttled = change(user, Identity.PASSWORD, NEW_PASSWORD);
        assertThat(throttled.status()).as("even the right password waits, as a login would").isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(passwordHashOf(user.userId())).as("nothing changed").isEqualTo(before);
    }

    static String passwordHashOf(String userId) throws Exception {
        try (java.sql.Connection c = identity.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM app_user WHERE id = ?")) {
            ps.setString(1, userId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theChangeAnswersLikeALogin() {
        Account user = identity.register("shape-change-" + UUID.randomUUID().toString().substring(0, 6));
        Answer answer = change(user, Identity.PASSWORD, NEW_PASSWORD);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String token = answer.json().path("token").asText();
        GoldenFiles.assertMatches("auth-password-200", answer.status(),
                answer.body().replace(token, "<token>").replace(user.username(), "<username>"));
        Answer keys = HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + user.userId(),
                Map.of("Authorization", "Bearer " + token));
        assertThat(keys.status()).isEqualTo(200);
    }

    @Test
    void theNewPasswordFollowsTheRegistrationRulesAndMustDiffer() {
        Account user = identity.register("rules-" + UUID.randomUUID().toString().substring(0, 6));
        try (FamiliarClient client = anonymous.withBearer(user.token())) {
            ApiError tooShort = refusal(() -> client.account().changePassword(Identity.PASSWORD, "short"));
            ApiError same = refusal(() -> client.account().changePassword(Identity.PASSWORD, Identity.PASSWORD));

            assertThat(tooShort.status()).isEqualTo(400);
            assertThat(tooShort.details().get("fields")).isEqualTo(Map.of("newPassword",
                    "must be at least 12 characters long (this server's minimum)"));
            assertThat(same.details().get("fields")).isEqualTo(Map.of("newPassword",
                    "must differ from the current password"));
        }
    }

    @Test
    void anApiKeyCannotChangeThePassword() {
        Account user = identity.register("by-key-" + UUID.randomUUID().toString().substring(0, 6));
        String key = HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys",
                "{\"userId\":\"" + user.userId() + "\",\"name\":\"k\"}", user.bearer()).json().path("rawKey").asText();

        Answer answer = HttpCalls.post(server.baseUrl() + "/api/v1/auth/password", "{\"currentPassword\":\""
                + Identity.PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}", Map.of("X-Api-Key", key));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().path("message").asText()).contains("not an API key");
    }

    @Test
    void aChangeVoidsThePendingResetCodes() {
        Account user = identity.register("remembered-" + UUID.randomUUID().toString().substring(0, 6));
        Account admin = identity.login("admin", currentAdminPassword());
        PasswordResetIssued reset;
        try (FamiliarClient client = anonymous.withBearer(admin.token())) {
            reset = client.users().passwordReset(user.userId());
        }
        try (FamiliarClient client = anonymous.withBearer(user.token())) {
            client.account().changePassword(Identity.PASSWORD, NEW_PASSWORD);
        }

        ApiError stale = refusal(() -> anonymous.account().acceptInvitation(reset.code(), "someone-elses-password"));

        assertThat(stale.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(stale.getMessage()).contains("replaced");
        assertThat(anonymous.login(user.username(), NEW_PASSWORD).userId()).isEqualTo(user.userId());
    }

    /** The administrator's password, whichever test ran first. */
    static String currentAdminPassword() {
        try {
            anonymous.login("admin", oneTimePassword);
            return oneTimePassword;
        } catch (ApiError e) {
            return NEW_PASSWORD;
        }
    }

    static Answer change(Account user, String current, String next) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/auth/password",
                "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}", user.bearer());
    }
}
