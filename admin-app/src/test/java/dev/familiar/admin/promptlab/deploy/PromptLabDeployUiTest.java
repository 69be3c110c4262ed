package dev.familiar.admin.promptlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionCreate;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Deploying with approval on a real embedded server, through the real deploy dialog and approvals view on Monocle's
 * headless screen: a prompt engineer requests the deployment (and cannot approve it), an administrator approves it,
 * and the server then serves the version as the major's active one.
 */
class PromptLabDeployUiTest extends FxRobot {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String PASSWORD = "a-long-enough-passw0rd";
    private static final String ENGINEER = "eng@example.com";

    @TempDir
    Path dataDir;

    private FamiliarServer server;
    private FamiliarClient admin;
    private FamiliarClient engineer;
    private FxBackgroundExecutor executor;
    private FxDialogService dialogs;
    private TaskScope tasks;
    private StackPane root;

    @BeforeEach
    void startServerAndStage() throws Exception {
        server = FamiliarServer.start(ServerConfig.embedded(dataDir));
        admin = FamiliarClient.connect(server.baseUrl(),
                "Bearer " + server.inProcessAdminSession().orElseThrow().token());
        String code = admin.users().invite(ENGINEER, null, List.of("PROMPT_ENGINEER")).code();
        try (FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            LoginResponse login = anonymous.account().acceptInvitation(code, PASSWORD);
            engineer = FamiliarClient.connect(server.baseUrl(), "Bearer " + login.token());
        }
        engineer.promptLab().createFunction("summary", "Summarises a topic");
        engineer.promptLab().createVersion("summary", new PromptVersionCreate("Summarise {{topic}} in a sentence.",
                List.of(PromptParameter.required("topic", ParameterType.STRING)), PromptSettings.NONE));

        executor = new FxBackgroundExecutor();
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(primary -> {
            Application.setUserAgentStylesheet(Theme.LIGHT.stylesheet());
            dialogs = new FxDialogService(primary);
            DeployDialogs.register(dialogs, ConsolePreferences.load(dataDir.resolve("console.properties")));
            tasks = new TaskScope(executor, new ActivityMonitor());
            root = new StackPane();
            primary.setScene(new Scene(root, 1100, 700));
            primary.show();
        });
        assertThat(stage.isShowing()).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
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
    void anEngineerRequestsADeploymentThatOnlyAnotherPersonMayApprove() throws Exception {
        LabStatus status = engineer.promptLab().status();
        assertThat(status.approvalRequired()).as("approval is on by default").isTrue();

        Platform.runLater(() -> dialogs.show(DeployDialogs.request(
                () -> new ClientDeployApi(engineer.promptLab()), tasks, dialogs, "summary", 1, status)));
        await(() -> isShowing("#deployDialog"));
        await(() -> textOf("#deployClassification").startsWith("First version of major 1"));
        assertThat(textOf("#deployApproval")).startsWith("Approval required on this server");
        assertThat(textOf("#deployButton")).isEqualTo("Publish v1 as new major 1");
        clickOn("#deployButton");
        await(() -> textOf("#deployResult").startsWith("PENDING_APPROVAL"));
        assertThat(textOf("#deployResult"))
                .isEqualTo("PENDING_APPROVAL: summary v1 as major 1 waits for another person's approval");
        DialogPane pane = lookup("#deployDialog").queryAs(DialogPane.class);
        clickOn(onFx(() -> pane.lookupButton(ButtonType.CLOSE)));
        await(() -> !isShowing("#deployDialog"));
        DeploymentView pending = admin.promptLab().pendingApprovals().items().get(0);
        assertThat(pending.status()).isEqualTo("PENDING_APPROVAL");

        mountApprovals(engineer, ENGINEER);
        await(() -> lookup("#approve-" + pending.id()).tryQuery().isPresent());
        assertThat(onFx(() -> lookup("#approve-" + pending.id()).query().isDisabled())).isTrue();
        assertThat(textOf("#approveReason-" + pending.id())).isEqualTo("you requested this");

        mountApprovals(admin, "admin");
        await(() -> lookup("#approve-" + pending.id()).tryQuery()
                .map(node -> !onFx(node::isDisabled)).orElse(false));
        clickOn("#approve-" + pending.id());
        await(() -> isShowing("#confirmDialog"));
        clickOn("#confirmButton");
        await(() -> textOf("#approvalsMessage").equals("summary v1 as major 1: ACTIVE"));

        PromptFunctionView deployed = admin.promptLab().function("summary");
        assertThat(deployed.active()).extracting(PromptFunctionView.ActiveMajor::major,
                PromptFunctionView.ActiveMajor::version).containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1));
        await(() -> textOf("#approvalsListMessage").equals("Nothing waits for approval"));
    }

    private void mountApprovals(FamiliarClient client, String user) throws Exception {
        ApprovalsViewModel viewModel = new ApprovalsViewModel(() -> new ClientDeployApi(client.promptLab()), tasks,
                dialogs, () -> user);
        ApprovalsView view = new ApprovalsView(viewModel);
        WaitForAsyncUtils.asyncFx(() -> {
            root.getChildren().setAll((Parent) view.node());
            viewModel.load();
        }).get();
        await(() -> !textOf("#approvalsListMessage").startsWith("Loading"));
    }

    private boolean isShowing(String query) {
        return lookup(query).tryQuery().map(node -> onFx(() -> node.getScene() != null
                && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing())).orElse(false);
    }

    private String textOf(String query) {
        Node node = lookup(query).query();
        return onFx(() -> ((Labeled) node).getText());
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
