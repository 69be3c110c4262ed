package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.promptlab.compare.CompareDialogs;
import dev.familiar.admin.promptlab.deploy.DeployDialogs;
import dev.familiar.admin.screens.ScreenContext;
import dev.familiar.admin.session.SessionState;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console flow end to end, on the real Prompt Lab screen over a real embedded server (H2 in a temporary
 * folder, the echo provider: dry-run) on Monocle's headless screen: a prompt engineer runs two iterations from the
 * screen, selects both history rows and opens them side by side (the outputs' difference highlighted), requests the
 * deployment of the version (the dialog shows the computed classification and that approval is required), cannot
 * approve it in the Approvals tab; the same screen, now signed in as an administrator, approves it, and the server
 * serves the version as the major's active one.
 */
class PromptLabConsoleFlowUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 90;
    private static final String PASSWORD = "a-long-enough-passw0rd";
    private static final String ENGINEER = "eng@example.com";
    private static final String FUNCTION = "greeting";

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient engineer;
    private FxBackgroundExecutor executor;
    private SessionState session;
    private PromptLabView view;

    @BeforeEach
    void mountTheScreenAsAnEngineer() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(),
                "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        String code = admin.users().invite(ENGINEER, null, List.of("PROMPT_ENGINEER")).code();
        try (FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            LoginResponse login = anonymous.account().acceptInvitation(code, PASSWORD);
            engineer = FamiliarClient.connect(server.baseUrl(), "Bearer " + login.token());
        }
        engineer.promptLab().createFunction(FUNCTION, "says hello");
        engineer.promptLab().createVersion(FUNCTION, new PromptVersionCreate("Hello {{name}}!",
                List.of(PromptParameter.required("name", ParameterType.STRING)), PromptSettings.NONE));

        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            session = new SessionState();
            session.connected(engineer, ENGINEER + " (PROMPT_ENGINEER)");
            FxDialogService dialogs = new FxDialogService(primary);
            CompareDialogs.register(dialogs);
            DeployDialogs.register(dialogs, ConsolePreferences.load(dataDir.resolve("console.properties")));
            view = PromptLabView.create(new ScreenContext(session,
                    new Navigator(Place.of(PromptLabView.ID), id -> true),
                    new TaskScope(executor, new ActivityMonitor()), dialogs));
            primary.setScene(new Scene((Parent) view.view(), 1280, 800));
            primary.show();
            view.show(Place.of(PromptLabView.ID, FUNCTION));
        });
        await(() -> !onFx(lookup("#runIteration").queryAs(Button.class)::isDisabled));
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        if (executor != null) {
            FxToolkit.cleanupStages();
            executor.shutdown();
        }
        if (engineer != null) {
            engineer.close();
        }
        admin.close();
        server.close();
    }

    @Test
    void runTwoIterationsCompareThemAndDeployWithAnotherPersonsApproval() throws Exception {
        // Run an iteration from the screen, then a second one with other data.
        runWith("Ada");
        await(() -> historyRows() == 1);
        runWith("Grace");
        await(() -> historyRows() == 2);
        List<IterationView> stored = engineer.promptLab().iterations(FUNCTION, null, null, 10).items();
        assertThat(stored).extracting(IterationView::renderedPrompt)
                .containsExactlyInAnyOrder("Hello Ada!", "Hello Grace!");

        // Select both history rows and compare them side by side.
        List<TableRow<?>> rows = filledHistoryRows();
        assertThat(rows).hasSize(2);
        clickOn(rows.get(0));
        press(KeyCode.CONTROL).clickOn(rows.get(1)).release(KeyCode.CONTROL);
        await(() -> view.viewModel().history().selected().size() == 2);
        clickOn("#compareIterations");

        await(() -> isShowing("#iterationDiffWindow"));
        Node window = lookup("#iterationDiffWindow").query();
        assertThat(onFx(() -> ((Stage) window.getScene().getWindow()).getTitle()))
                .isEqualTo("Compare greeting iterations: v1 and v1");
        Node output = from(window).lookup("#compareSection-Output").query();
        assertThat(onFx(() -> lines(output))).as("both outputs, side by side (older on the left)").containsExactly(
                "[dry-run echo from openai] Hello Ada!", "[dry-run echo from openai] Hello Grace!");
        assertThat(onFx(() -> marked(output, "diff-removed"))).as("the older output's changed word")
                .containsExactly("Ada");
        assertThat(onFx(() -> marked(output, "diff-inserted"))).as("the newer output's changed word")
                .containsExactly("Grace");
        Node template = from(window).lookup("#compareSection-Template").query();
        assertThat(onFx(() -> ((Labeled) template).getText())).isEqualTo("Template (identical)");
        onFx(() -> {
            ((Stage) window.getScene().getWindow()).close();
            return null;
        });
        await(() -> !isShowing("#iterationDiffWindow"));

        // Request the deployment: the dialog shows the classification and that approval is required.
        clickOn("#deployVersion");
        await(() -> isShowing("#deployDialog"));
        await(() -> textOf("#deployClassification").startsWith("First version of major 1"));
        assertThat(textOf("#deployApproval")).startsWith("Approval required on this server");
        assertThat(textOf("#deployButton")).isEqualTo("Publish v1 as new major 1");
        clickOn("#deployButton");
        await(() -> textOf("#deployResult").startsWith("PENDING_APPROVAL"));
        assertThat(textOf("#deployResult"))
                .isEqualTo("PENDING_APPROVAL: greeting v1 as major 1 waits for another person's approval");
        DialogPane pane = lookup("#deployDialog").queryAs(DialogPane.class);
        clickOn(onFx(() -> pane.lookupButton(ButtonType.CLOSE)));
        await(() -> !isShowing("#deployDialog"));
        await(() -> textOf("#promptLabMessage").equals("v1 of greeting deployed: see Approvals for its state"));
        DeploymentView pending = admin.promptLab().pendingApprovals().items().get(0);
        assertThat(pending.status()).isEqualTo("PENDING_APPROVAL");
        assertThat(pending.requestedBy()).isEqualTo(ENGINEER);

        // The requester sees it in the Approvals tab and cannot approve it.
        clickOn("#approvalsTab");
        String approve = "#approve-" + pending.id();
        await(() -> lookup(approve).tryQuery().isPresent());
        assertThat(onFx(() -> lookup(approve).query().isDisabled())).isTrue();
        assertThat(textOf("#approveReason-" + pending.id())).isEqualTo("you requested this");
        assertThat(textOf("#approvalsListMessage")).isEqualTo("1 deployment waits for approval");

        // The same screen signed in as an administrator (another person) approves it.
        onFx(() -> {
            session.connected(admin, "admin (ADMIN)");
            return null;
        });
        clickOn("#approvalsRefresh");
        await(() -> lookup(approve).tryQuery().map(node -> !onFx(node::isDisabled)).orElse(false));
        clickOn(approve);
        await(() -> isShowing("#confirmDialog"));
        clickOn("#confirmButton");
        await(() -> textOf("#approvalsMessage").equals("greeting v1 as major 1: ACTIVE"));
        await(() -> textOf("#approvalsListMessage").equals("Nothing waits for approval"));
        await(() -> lookup("#rollback-greeting-1").tryQuery().isPresent());

        PromptFunctionView deployed = admin.promptLab().function(FUNCTION);
        assertThat(deployed.active()).extracting(PromptFunctionView.ActiveMajor::major,
                PromptFunctionView.ActiveMajor::version).containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1));
    }

    private void runWith(String name) throws Exception {
        clickOn("#data-name").push(KeyCode.CONTROL, KeyCode.A).write(name);
        await(() -> !onFx(lookup("#runIteration").queryAs(Button.class)::isDisabled));
        clickOn("#runIteration");
        await(() -> textOf("#runStatus").startsWith("SUCCEEDED")
                && onFx(lookup("#runOutput").queryAs(TextArea.class)::getText).contains("Hello " + name + "!"));
    }

    private int historyRows() {
        TableView<?> history = lookup("#historyTable").queryAs(TableView.class);
        return onFx(() -> history.getItems().size());
    }

    private List<TableRow<?>> filledHistoryRows() {
        return onFx(() -> lookup("#historyTable").lookup((Node n) -> n instanceof TableRow<?> row
                        && row.getItem() != null && !row.isEmpty()).queryAll().stream()
                .<TableRow<?>>map(n -> (TableRow<?>) n)
                .sorted(Comparator.comparingInt(row -> row.getIndex())).toList());
    }

    /** The lines of the diff under {@code root}: each {@link TextFlow}'s text. */
    private static List<String> lines(Node root) {
        List<String> lines = new ArrayList<>();
        visit(root, node -> {
            if (node instanceof TextFlow flow) {
                lines.add(flow.getChildren().stream().map(t -> ((Text) t).getText()).collect(Collectors.joining()));
            }
        });
        return lines;
    }

    /** The words under {@code root} marked with {@code styleClass}. */
    private static List<String> marked(Node root, String styleClass) {
        List<String> words = new ArrayList<>();
        visit(root, node -> {
            if (node instanceof Text text && text.getStyleClass().contains(styleClass)) {
                words.add(text.getText());
            }
        });
        return words;
    }

    private static void visit(Node node, Consumer<Node> action) {
        action.accept(node);
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> visit(child, action));
        }
    }

    private boolean isShowing(String query) {
        return lookup(query).tryQuery().map(node -> onFx(() -> node.getScene() != null
                && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing())).orElse(false);
    }

    private String textOf(String query) {
        Labeled labeled = lookup(query).queryLabeled();
        return onFx(() -> labeled.getText() == null ? "" : labeled.getText());
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
