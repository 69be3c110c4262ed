package dev.familiar.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.client.ServerUnreachableException;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The "Connect to remote server…" dialog, driven by the robot against a second real server. */
class RemoteConnectUiTest extends ConsoleUiTestSupport {
    @TempDir
    Path consoleDir;
    @TempDir
    Path remoteDir;

    private FamiliarServer remote;

    @BeforeEach
    void startConsoleAndARemoteServer() throws Exception {
        remote = FamiliarServer.start(ServerConfig.embedded(remoteDir));
        launch(ConsoleOptions.embedded(consoleDir.resolve("desktop")));
        closeAdminNotice(); // a fresh data folder: the console shows the first administrator's password once
        awaitText("#healthLabel", "Healthy");
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            close();
        } finally {
            remote.stop();
        }
    }

    @Test
    void connectingThroughTheDialogShowsTheRemoteServerAsHealthy() {
        connectTo(remote.baseUrl());

        awaitText("#connectionLabel", "Remote: " + withoutTrailingSlash(remote.baseUrl()));
        awaitText("#healthLabel", "Healthy");
        assertThat(textOf("#versionLabel")).isEqualTo("Version " + remote.version());
    }

    @Test
    void connectingToARemoteServerStopsTheEmbeddedOne() throws TimeoutException {
        String embeddedUrl = textOf("#connectionLabel").replace("Embedded server on ", "http://");

        connectTo(remote.baseUrl());
        awaitText("#connectionLabel", "Remote: " + withoutTrailingSlash(remote.baseUrl()));

        try (FamiliarClient client = FamiliarClient.connect(embeddedUrl)) {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> isUnreachable(client));
            assertThatThrownBy(client::live).isInstanceOf(ServerUnreachableException.class);
        }
    }

    @Test
    void addressWhereNothingListensShowsUnreachable() throws IOException {
        String nowhere = "http://127.0.0.1:" + freePort();

        connectTo(nowhere);

        awaitText("#connectionLabel", "Remote: " + nowhere);
        awaitText("#healthLabel", "Unreachable");
    }

    private void connectTo(String url) {
        clickOn("#connectRemoteButton");
        clickOn("#urlField").write(url);
        clickOn("#connectButton");
    }

    private static boolean isUnreachable(FamiliarClient client) {
        try {
            client.live();
            return false;
        } catch (ServerUnreachableException e) {
            return true;
        }
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
