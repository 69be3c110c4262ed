package dev.familiar.admin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Users &amp; keys view, with its view model and the real dialogs, over a real server on a temporary H2
 * folder, on Monocle's headless screen. The operator clicks; the server and a second client say what happened.
 */
class UsersViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD = "a-long-enough-passw0rd";

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient anonymous;
    private FxBackgroundExecutor executor;

    @BeforeEach
    void mountTheScreen() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(), "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        anonymous = FamiliarClient.connect(server.baseUrl());
        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(admin, "admin (ADMIN)");
            UsersView view = new UsersView(new UsersViewModel(session.api(ClientUsersApi::new),
                    new TaskScope(executor, new ActivityMonitor()), new FxDialogService(primary)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of("users"));
        });
        awaitText("#usersListMessage", "1 user");
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdown();
        admin.close();
        anonymous.close();
        server.close();
    }

    @Test
    void anInvitedUserLogsInWithTheCodeShownAndIsRefusedOnceLocked() throws Exception {
        clickOn("#inviteUser");
        await(() -> isShowing("#formDialog"));
        clickOn("#field-email").write("eve@example.com");
        clickOn("#formConfirm");

        String code = closeCopyableText();
        anonymous.account().acceptInvitation(code, PASSWORD);
        assertThat(anonymous.login("eve@example.com", PASSWORD).username()).isEqualTo("eve@example.com");

        awaitText("#usersListMessage", "2 users");
        clickOn(cell("eve@example.com"));
        awaitText("#selectedUser", "eve@example.com");
        clickOn("#toggleLock");
        await(() -> isShowing("#confirmDialog"));
        clickOn("#confirmButton");
        awaitText("#usersMessage", "eve@example.com locked");

        ApiError refused = catchThrowableOfType(ApiError.class, () -> anonymous.login("eve@example.com", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(textOf("#toggleLock")).isEqualTo("Unlock");
    }

    @Test
    void aKeyCreatedIsShownOnceWithACopyButtonWorksAndIsRevoked() throws Exception {
        clickOn(cell("admin"));
        awaitText("#keysMessage", "admin has no API keys");
        clickOn("#createKey");
        await(() -> isShowing("#formDialog"));
        clickOn("#field-name").write("ci");
        clickOn("#formConfirm");

        await(() -> isShowing("#copyableInformationDialog"));
        assertThat(lookup("#copyText").tryQuery()).as("a Copy button").isPresent();
        String rawKey = closeCopyableText();
        assertThat(validate(rawKey)).isTrue();
        awaitText("#keysMessage", "admin: 1 active of 1 API keys");

        clickOn(cell("ci"));
        clickOn("#revokeKey");
        await(() -> isShowing("#confirmDialog"));
        clickOn("#confirmButton");
        awaitText("#keysMessage", "admin: 0 active of 1 API keys");

        assertThat(validate(rawKey)).isFalse();
    }

    private boolean validate(String rawKey) {
        try {
            anonymous.transport().get("api/v1/auth/api-keys/validate").anonymous().header("X-Api-Key", rawKey)
                    .plain(Map.class);
            return true;
        } catch (ApiError refused) {
            assertThat(refused.status()).isEqualTo(401);
            return false;
        }
    }

    /** Waits for the one-time text, reads it, closes its dialog with OK and answers it. */
    private String closeCopyableText() throws Exception {
        await(() -> isShowing("#copyableInformationDialog"));
        String text = onFx(lookup("#copyableText").queryAs(TextArea.class)::getText);
        DialogPane pane = lookup("#copyableInformationDialog").queryAs(DialogPane.class);
        clickOn(onFx(() -> pane.lookupButton(ButtonType.OK)));
        await(() -> !isShowing("#copyableInformationDialog"));
        return text;
    }

    private Node cell(String text) throws Exception {
        await(() -> lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).tryQuery()
                .isPresent());
        return lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).query();
    }

    private boolean isShowing(String query) {
        return lookup(query).tryQuery().map(node -> onFx(() -> node.getScene() != null
                && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing())).orElse(false);
    }

    private String textOf(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(labeled::getText);
    }

    private void awaitText(String query, String expected) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> expected.equals(textOf(query)));
        } catch (java.util.concurrent.TimeoutException e) {
            // the assertion names what was shown instead
        }
        assertThat(textOf(query)).as(query).isEqualTo(expected);
    }

    private static void await(BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition::getAsBoolean);
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
