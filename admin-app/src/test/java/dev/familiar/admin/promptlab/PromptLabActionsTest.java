package dev.familiar.admin.promptlab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.promptlab.compare.CompareViewModel;
import dev.familiar.admin.promptlab.compare.VersionComparisonViewModel;
import dev.familiar.admin.promptlab.deploy.ApprovalsViewModel;
import dev.familiar.admin.promptlab.deploy.DeployRequest;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptLabActionsTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakePromptLabApi api = new FakePromptLabApi();
    private final PromptLabViewModel lab = new PromptLabViewModel(() -> api, tasks, dialogs, Runnable::run,
            Duration.ZERO, 10);
    private final List<String> deployDialogsOpened = new ArrayList<>();
    private final PromptLabActions actions = new PromptLabActions(lab,
            new CompareViewModel(() -> {
                throw new AssertionError("no comparison expected");
            }, tasks, dialogs),
            new VersionComparisonViewModel(() -> {
                throw new AssertionError("no version comparison expected");
            }, tasks, dialogs),
            new ApprovalsViewModel(() -> {
                throw new AssertionError("no approvals load expected");
            }, tasks, dialogs, () -> "admin"),
            (function, version, status) -> {
                deployDialogsOpened.add(function + "@" + version + " approval=" + status.approvalRequired());
                return dev.familiar.admin.promptlab.deploy.DeployDialogs.request(() -> {
                    throw new AssertionError("the dialog is not shown for real here");
                }, tasks, dialogs, function, version, status);
            }, dialogs);

    @BeforeEach
    void aFunctionWithTwoVersions() {
        api.addFunction("greeting");
        api.addVersion("greeting", "Hi {{name}}", List.of(PromptParameter.required("name", ParameterType.STRING)));
        api.addVersion("greeting", "Hello {{name}}!", List.of(PromptParameter.required("name", ParameterType.STRING)));
        api.addIterations("greeting", 3);
    }

    private void open() {
        lab.load(Place.of("prompt-lab", "greeting"));
        executor.runPending();
    }

    @Test
    void compareNeedsExactlyTwoSelectedIterationsAndSaysHowManyAreSelected() {
        open();
        lab.history().selected().setAll(lab.history().items().get(0));

        actions.compareSelected();

        assertThat(lab.messageProperty().get())
                .isEqualTo("Select two iterations in the history to compare them (1 selected)");
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void deployOpensTheDialogForTheSelectedVersionWithTheServersApprovalRule() {
        open();
        LabStatus status = lab.statusProperty().get();
        assertThat(status).isNotNull();

        actions.deploy();

        assertThat(deployDialogsOpened).containsExactly("greeting@2 approval=" + status.approvalRequired());
        assertThat(dialogs.shown(DeployRequest.class)).hasSize(1);
    }

    @Test
    void deployWithoutAVersionSaysWhatIsMissingAndOpensNothing() {
        actions.deploy();

        assertThat(lab.messageProperty().get()).isEqualTo("Select a version to deploy");
        assertThat(deployDialogsOpened).isEmpty();
    }

    @Test
    void comparingVersionsNeedsAnOpenDataSetBeforeAskingAnything() {
        open();

        actions.compareVersions();

        assertThat(lab.messageProperty().get()).startsWith("Open a data set in the data pane first");
        assertThat(dialogs.shown(FormRequest.class)).isEmpty();
        assertThat(actions.comparingVersionsProperty().get()).isFalse();
    }

    @Test
    void theTwoVersionsOfAComparisonMustDiffer() {
        assertThat(PromptLabActions.versionProblems(Map.of("a", "2", "b", "2")))
                .containsEntry("b", "choose another version than A");
        assertThat(PromptLabActions.versionProblems(Map.of("a", "1", "b", "2"))).isEmpty();
        assertThat(PromptLabActions.versionProblems(Map.of("a", "", "b", "2"))).containsEntry("a", "required");
    }
}
