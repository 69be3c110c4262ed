package dev.familiar.admin.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.client.ServerUnreachableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
