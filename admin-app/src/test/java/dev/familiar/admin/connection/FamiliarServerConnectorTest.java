package dev.familiar.admin.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.ServerUnreachableException;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FamiliarServerConnectorTest {
    private final FamiliarServerConnector connector = new FamiliarServerConnector();

    @Test
    void baseUrlWithAPathKeepsItForTheClient() {
        assertThat(FamiliarServerConnector.clientUrl("https://host.example/familiar"))
                .isEqualTo("https://host.example/familiar/");
    }

    @Test
    void remoteConnectionOpensWithoutReachingTheServer() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        try (ServerConnection connection = connector.open(ConnectionSettings.remote(url, Credential.none()))) {
            assertThat(connection.baseUrl()).isEqualTo(url + "/");
            assertThat(connection.oneTimeAdminNotice()).isEmpty();
        }
    }

    @Test
    void remoteServerThatIsNotListeningIsReportedUnreachable() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        try (ServerConnection connection = connector.open(ConnectionSettings.remote(url, Credential.none()))) {
            assertThatThrownBy(connection::health).isInstanceOf(ServerUnreachableException.class);
        }
    }

    @Test
    void embeddedServerCarriesTheAdminNoticeOnlyOnItsFirstStart(@TempDir Path dataDir) {
        ConnectionSettings settings = ConnectionSettings.embedded(dataDir.resolve("desktop"));

        try (ServerConnection first = connector.open(settings)) {
            assertThat(first.oneTimeAdminNotice()).hasValueSatisfying(notice -> assertThat(notice)
                    .contains("username: admin")
                    .containsPattern("one-time password: \\S+"));
        }
        try (ServerConnection second = connector.open(settings)) {
            assertThat(second.oneTimeAdminNotice()).isEmpty();
        }
    }

    @Test
    void addressThatIsNotHttpIsRefusedWithAReason() {
        assertThatThrownBy(() -> connector.open(ConnectionSettings.remote("mailto:x@example.com", Credential.none())))
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessage("Not a server address: mailto:x@example.com");
    }

    @Test
    void passwordLoginUsesTheSessionAndKeepsNoPassword(@TempDir Path remoteDir) {
        FamiliarServer server = FamiliarServer.start(
                ServerConfig.embedded(remoteDir).withAdmin("ops-admin", "ops-password-123"));
        try (ServerConnection connection = connector.open(ConnectionSettings.remote(server.baseUrl(),
                Credential.password("ops-admin", "ops-password-123")))) {
            assertThat(connection.session()).hasValueSatisfying(session -> {
                assertThat(session.username()).isEqualTo("ops-admin");
                assertThat(session.roles()).containsExactly("ADMIN");
                assertThat(session.expiresAt()).isAfter(Instant.now().plusSeconds(60));
            });
            assertThat(((ConnectionSettings.Remote) connection.settings()).credential())
                    .isEqualTo(Credential.password("ops-admin", "").withoutPassword());
            assertThat(connection.health().isUp()).isTrue();
        } finally {
            server.stop();
        }
    }

    @Test
    void aSessionSignedInBeforeConnectingIsUsedLikeAPasswordLoginAndNotKept(@TempDir Path remoteDir) {
        FamiliarServer server = FamiliarServer.start(
                ServerConfig.embedded(remoteDir).withAdmin("ops-admin", "ops-password-123"));
        try (dev.familiar.model.client.FamiliarClient anonymous = dev.familiar.model.client.FamiliarClient.connect(
                server.baseUrl() + "/")) {
            // what the Entra sign-in answers is a LoginResponse, as a password login's
            dev.familiar.model.auth.LoginResponse signedIn = anonymous.login("ops-admin", "ops-password-123");
            try (ServerConnection connection = connector.open(ConnectionSettings.remote(server.baseUrl(),
                    Credential.signedIn(signedIn)))) {
                assertThat(connection.session()).hasValueSatisfying(session -> {
                    assertThat(session.username()).isEqualTo("ops-admin");
                    assertThat(session.roles()).containsExactly("ADMIN");
                });
                assertThat(connection.client().users().list(dev.familiar.model.users.UserQuery.all())).isNotNull();
                Credential kept = ((ConnectionSettings.Remote) connection.settings()).credential();
                assertThat(kept.kind()).isEqualTo(Credential.Kind.SIGNED_IN);
                assertThat(kept.signedIn().token()).isEmpty();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void wrongPasswordIsRefusedWithTheServersReason(@TempDir Path remoteDir) {
        FamiliarServer server = FamiliarServer.start(
                ServerConfig.embedded(remoteDir).withAdmin("ops-admin", "ops-password-123"));
        try {
            assertThatThrownBy(() -> connector.open(ConnectionSettings.remote(server.baseUrl(),
                    Credential.password("ops-admin", "not-the-password"))))
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessage("Login refused: Invalid username or password");
            assertThatThrownBy(() -> connector.open(ConnectionSettings.remote(server.baseUrl(),
                    Credential.password("nobody-here", "not-the-password"))))
                    .isInstanceOf(ConnectionFailedException.class)
                    .hasMessage("Login refused: Invalid username or password");
        } finally {
            server.stop();
        }
    }

    @Test
    void loginToAServerThatIsNotListeningFailsToConnect() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        assertThatThrownBy(() -> connector.open(ConnectionSettings.remote(url, Credential.password("ops", "pw"))))
                .isInstanceOf(ConnectionFailedException.class)
                .hasMessageStartingWith("Could not log in: Cannot reach " + url);
    }

    @Test
    void apiKeyConnectionOpensWithoutReachingTheServer() throws IOException {
        String url = "http://127.0.0.1:" + freePort();

        try (ServerConnection connection = connector.open(ConnectionSettings.remote(url, Credential.apiKey("famk_x")))) {
            assertThat(connection.session()).isEmpty();
            assertThat(connection.settings()).isEqualTo(ConnectionSettings.remote(url, Credential.apiKey("famk_x")));
        }
    }

    @Test
    void throttledLoginSaysHowLongToWait() {
        ApiError throttled = new ApiError(ErrorCode.RATE_LIMITED, "Too many failed logins; try again later", 429,
                Map.of("retryAfterSeconds", 42L));

        assertThat(FamiliarServerConnector.loginRefusal(throttled)).isEqualTo("Too many failed logins; try again in 42 s");
    }

    @Test
    void throttledLoginWithoutAWaitSaysLater() {
        ApiError throttled = new ApiError(ErrorCode.RATE_LIMITED, "Too many failed logins; try again later", 429);

        assertThat(FamiliarServerConnector.loginRefusal(throttled)).isEqualTo("Too many failed logins; try again later");
    }

    @Test
    void otherLoginErrorsNameTheStatus() {
        ApiError broken = new ApiError(ErrorCode.UPSTREAM_FAILED, "HTTP 500", 500);
        ApiError invalid = new ApiError(ErrorCode.VALIDATION_FAILED, "Request validation failed", 400);

        assertThat(FamiliarServerConnector.loginRefusal(broken)).isEqualTo("Login failed (HTTP 500)");
        assertThat(FamiliarServerConnector.loginRefusal(invalid))
                .isEqualTo("Login failed (HTTP 400): Request validation failed");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
