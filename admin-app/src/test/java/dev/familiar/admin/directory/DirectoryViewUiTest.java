package dev.familiar.admin.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.DirectoryUser;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real Directory view, with its view model, the real dialogs and its own (member picker, bulk add), over a
 * real server on a temporary H2 folder with the local directory (no Entra settings: the dry-run), on Monocle's
 * headless screen. The operator clicks; the server, asked through the typed client afterwards, says what happened.
 * Needs the directory routes ({@code /api/admin/directory…}); without them the screen cannot load and these fail.
 */
class DirectoryViewUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD = "a-long-enough-passw0rd";
    private static final String ANA = "player.ana@example.com";
    private static final String BEN = "player.ben@example.com";

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient anonymous;
    private FxBackgroundExecutor executor;
    private DirectoryGroup engineers;
    private DirectoryGroup billing;

    @BeforeEach
    void mountTheScreen() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(), "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        anonymous = FamiliarClient.connect(server.baseUrl());
        for (String email : List.of(ANA, BEN)) {
            anonymous.account().acceptInvitation(admin.users().invite(email, null, List.of("USER")).code(), PASSWORD);
        }
        engineers = admin.directory().create("Prompt Engineers", "Run the Prompt Lab");
        billing = admin.directory().create("Billing Admins", null);

        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            SessionState session = new SessionState();
            session.connected(admin, "admin (ADMIN)");
            FxDialogService dialogs = new FxDialogService(primary);
            DirectoryDialogs.register(dialogs);
            DirectoryView view = new DirectoryView(new DirectoryViewModel(
                    session.api(c -> new ClientDirectoryApi(c.directory())),
                    new TaskScope(executor, new ActivityMonitor()), dialogs,
                    () -> new FxDebouncer(FxDebouncer.SEARCH_QUIET)));
            primary.setScene(new Scene((Parent) view.view(), 1280, 760));
            primary.show();
            view.show(Place.of(DirectoryView.ID));
        });
        awaitText("#groupsListMessage", "2 groups");
        awaitText("#directoryMode", "Local directory (dry-run: groups kept in this server's database)");
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
    void twoMembersAddedFromADirectorySearchThenOneRemoved() throws Exception {
        clickOn(cell("Prompt Engineers"));
        awaitText("#membersListMessage", "Prompt Engineers has no members");

        clickOn("#addMembers");
        await(() -> isShowing("#memberPickerDialog"));
        clickOn("#pickerSearch").write("player").type(KeyCode.ENTER);
        // Enter searches at once: wait for that answer, so no later answer re-creates the cells being clicked
        awaitText("#pickerMessage", "2 people found");
        clickOn(cell(ANA));
        press(KeyCode.CONTROL).clickOn(cell(BEN)).release(KeyCode.CONTROL);
        awaitText("#pickerConfirm", "Add 2 selected");
        clickOn("#pickerConfirm");
        await(() -> !isShowing("#memberPickerDialog"));

        awaitText("#membersListMessage", "Prompt Engineers: 2 members");
        assertThat(memberEmails()).containsExactlyInAnyOrder(ANA, BEN);
        await(() -> "2".equals(countShownFor("Prompt Engineers")));

        clickOn(cell(BEN));
        clickOn("#removeMember");
        await(() -> isShowing("#confirmDialog"));
        assertThat(textOf("#confirmDialog .header-panel .label"))
                .isEqualTo("Remove " + BEN + " from \u201cPrompt Engineers\u201d?");
        clickOn("#confirmButton");

        awaitText("#membersListMessage", "Prompt Engineers: 1 member");
        assertThat(memberEmails()).containsExactly(ANA);
        assertThat(textOf("#membersMessage")).isEqualTo(BEN + " removed from Prompt Engineers");
    }

    @Test
    void aGroupMappedToARoleIsSavedOnTheServer() throws Exception {
        awaitText("#mappingsMessage", "No group grants a role yet");
        clickOn(cell("Billing Admins"));
        clickOn("#addMapping");
        await(() -> isShowing("#formDialog"));
        clickOn("#field-role");
        clickOn(listCell("BILLING_ADMIN"));
        clickOn("#formConfirm");
        await(() -> !isShowing("#formDialog"));
        await(() -> onFx(() -> lookup("#mappingsUnsaved").query().isVisible()));
        assertThat(admin.directory().roleMappings().items()).as("nothing saved before Save").isEmpty();

        clickOn("#saveMappings");

        awaitText("#mappingsMessage", "Role mappings saved: 1 mapping");
        assertThat(admin.directory().roleMappings().items())
                .containsExactly(new RoleMapping(billing.id(), "Billing Admins", "BILLING_ADMIN"));
        assertThat(onFx(() -> lookup("#mappingsUnsaved").query().isVisible())).isFalse();
        assertThat(engineers.id()).isNotEqualTo(billing.id());
    }

    private List<String> memberEmails() {
        return admin.directory().members(engineers.id(), null, 100).items().stream().map(DirectoryUser::email).toList();
    }

    /** The member count the groups table shows for {@code group}. */
    private String countShownFor(String group) {
        return onFx(() -> {
            @SuppressWarnings("unchecked")
            javafx.scene.control.TableView<GroupItemViewModel> table =
                    (javafx.scene.control.TableView<GroupItemViewModel>) lookup("#groupsTable").query();
            return table.getItems().stream().filter(g -> g.displayName().equals(group))
                    .map(GroupItemViewModel::memberCountText).findFirst().orElse("");
        });
    }

    /** The cell showing {@code text}, as found when it first appeared (no second look-up that could miss it). */
    private Node cell(String text) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Node> found = new java.util.concurrent.atomic.AtomicReference<>();
        await(() -> lookup((Node n) -> n instanceof TableCell<?, ?> c && text.equals(c.getText())).tryQuery()
                .map(node -> {
                    found.set(node);
                    return true;
                }).orElse(false));
        return found.get();
    }

    private Node listCell(String text) throws Exception {
        await(() -> lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText())).tryQuery()
                .isPresent());
        return lookup((Node n) -> n instanceof ListCell<?> c && text.equals(c.getText())).query();
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
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS,
                    () -> lookup(query).tryQuery().isPresent() && expected.equals(textOf(query)));
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
