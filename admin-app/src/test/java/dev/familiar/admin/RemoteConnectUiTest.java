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
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The "Connect to remote server…" dialog, driven by the robot against a second real server. */
class RemoteConnectUiTest extends ConsoleUiTestSupport {
    private static final String OPS_USER = "ops-admin";
    private static final String OPS_PASSWORD = "ops-password-123";

    @TempDir
    Path consoleDir;
    @TempDir
    Path remoteDir;

    private FamiliarServer remote;

    @BeforeEach
    void startConsoleAndARemoteServer() throws Exception {
        remote = FamiliarServer.start(ServerConfig.embedded(remoteDir).withAdmin(OPS_USER, OPS_PASSWORD));
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
        awaitText("#billingModeLabel", "Billing: DRY-RUN — no payments are taken");
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

    @Test
    void loggingInWithUsernameAndPasswordShowsTheUserAndHealthy() {
        connectTo(remote.baseUrl(), OPS_USER, OPS_PASSWORD);

        awaitText("#connectionLabel", "Remote: " + withoutTrailingSlash(remote.baseUrl()) + " as ops-admin (ADMIN)");
        awaitText("#healthLabel", "Healthy");
        assertThat(textOf("#messageLabel")).isEmpty();
        assertThat(isVisible("#nav-prompt-lab")).as("an administrator is offered the Prompt Lab").isTrue();
    }

    @Test
    void aUserWhoIsNeitherAdministratorNorPromptEngineerIsNotOfferedThePromptLab() throws Exception {
        assertThat(isVisible("#nav-prompt-lab")).as("the embedded server's administrator").isTrue();
        try (FamiliarClient anonymous = FamiliarClient.connect(remote.baseUrl());
             FamiliarClient ops = FamiliarClient.connect(remote.baseUrl(),
                     "Bearer " + anonymous.login(OPS_USER, OPS_PASSWORD).token())) {
            String code = ops.users().invite("reader@example.com", null, java.util.List.of("USER")).code();
            anonymous.account().acceptInvitation(code, "reader-password-123");
        }

        connectTo(remote.baseUrl(), "reader@example.com", "reader-password-123");

        awaitText("#connectionLabel", "Remote: " + withoutTrailingSlash(remote.baseUrl())
                + " as reader@example.com (USER)");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !isVisible("#nav-prompt-lab"));
        assertThat(isVisible("#nav-catalog")).as("the other areas stay").isTrue();
    }


    @Test
    void wrongPasswordShowsTheRefusalAndKeepsTheEmbeddedServer() throws TimeoutException {
        String embedded = textOf("#connectionLabel");

        connectTo(remote.baseUrl(), OPS_USER, "not-the-password");

        awaitText("#messageLabel", "Login refused: Invalid username or password");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> lookup(".dialog-pane").queryAllAs(DialogPane.class)
                .stream().anyMatch(RemoteConnectUiTest::isShownLoginRefusal));
        assertThat(textOf("#connectionLabel")).isEqualTo(embedded).startsWith("Embedded server on ");
        awaitText("#healthLabel", "Healthy");
    }

    /** The error alert the console shows for the refused login (read on the FX thread). */
    private static boolean isShownLoginRefusal(DialogPane pane) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> pane.getScene() != null && pane.getScene().getWindow() != null
                    && pane.getScene().getWindow().isShowing()
                    && pane.lookup("#errorMessage") instanceof javafx.scene.control.Label message
                    && "Login refused: Invalid username or password".equals(message.getText())).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void connectTo(String url) {
        clickOn("#connectRemoteButton");
        clickOn("#urlField").write(url);
        clickOn("#connectButton");
    }

    private void connectTo(String url, String username, String password) {
        clickOn("#connectRemoteButton");
        clickOn("#urlField").write(url);
        clickOn("#usernamePasswordRadio");
        clickOn("#usernameField").write(username);
        clickOn("#passwordField").write(password);
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
