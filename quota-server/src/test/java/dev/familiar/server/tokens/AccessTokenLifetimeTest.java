package dev.familiar.server.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token lifetimes and key rotation, on a server whose clock each test steps on its own. */
@Tag("storage")
class AccessTokenLifetimeTest {
    @TempDir
    Path tempDir;
    MutableClock clock = MutableClock.startingNow();
    FamiliarServer server;
    Identity identity;
    Account user;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        user = identity.register("jwt-user");
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private int statusWith(String token) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + user.userId(),
                Map.of("Authorization", "Bearer " + token)).status();
    }

    @Test
    void anExpiredTokenIsRejected() {
        clock.advance(Duration.ofHours(1).plusMinutes(1));

        assertThat(statusWith(user.token())).isEqualTo(401);
    }

    @Test
    void aTokenIsStillAcceptedWithinItsLifetime() {
        clock.advance(Duration.ofMinutes(59));

        assertThat(statusWith(user.token())).isEqualTo(200);
    }

    @Test
    void rotatingTheSigningKeyLogsNobodyOut() {
        Account admin = identity.admin();
        String before = user.token();

        var rotated = HttpCalls.post(server.baseUrl() + "/api/admin/signing-keys/rotate", "{}", admin.bearer());
        Account fresh = identity.login("jwt-user", Identity.PASSWORD);

        assertThat(rotated.status()).isEqualTo(200);
        assertThat(statusWith(before)).as("a token of the old key").isEqualTo(200);
        assertThat(statusWith(fresh.token())).as("a token of the new key").isEqualTo(200);
        assertThat(HttpCalls.get(server.baseUrl() + "/oauth2/jwks").json().path("keys")).hasSize(2);
    }

    @Test
    void aRetiredKeyStopsVerifyingOnceItsTokensHaveExpired() {
        Account admin = identity.admin();
        HttpCalls.post(server.baseUrl() + "/api/admin/signing-keys/rotate", "{}", admin.bearer());

        clock.advance(Duration.ofHours(2));
        Account fresh = identity.login("jwt-user", Identity.PASSWORD);

        assertThat(statusWith(fresh.token())).isEqualTo(200);
        assertThat(HttpCalls.get(server.baseUrl() + "/oauth2/jwks").json().path("keys")).hasSize(1);
    }

    @Test
    void anApiKeyStopsWorkingWhenItExpires() {
        String raw = HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys",
                "{\"userId\":\"" + user.userId() + "\",\"name\":\"short\",\"expiresInDays\":1}", user.bearer())
                .json().path("rawKey").asText();
        assertThat(HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys/validate", Map.of("X-Api-Key", raw)).status())
                .isEqualTo(200);

        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys/validate", Map.of("X-Api-Key", raw)).status())
                .isEqualTo(401);
        assertThat(statusWith(raw)).isEqualTo(401);
    }
}
