package dev.familiar.admin.promptlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import dev.familiar.admin.testing.FakeServerConnector;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.LabStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployViewModelTest {
    private static final LabStatus APPROVAL_ON = new LabStatus(List.of(), true, List.of("ADMIN"));
    private static final LabStatus APPROVAL_OFF = new LabStatus(List.of(), false, List.of("ADMIN"));
    private static final String TEAM_URL = "https://familiar.team.example";

    private final ManualExecutor executor = new ManualExecutor();
    private final TaskScope tasks = new TaskScope(executor, new ActivityMonitor());
    private final TeamServerDialogs dialogs = new TeamServerDialogs();
    private final FakeServerConnector connector = new FakeServerConnector();
    private final List<String> calls = new ArrayList<>();
    private final FakeDeployApi here = new FakeDeployApi("here: ", calls).withFunction("summary", 1, 3);
    private final FakeDeployApi team = new FakeDeployApi("team: ", calls);

    private DeployViewModel open(LabStatus status) {
        DeployViewModel viewModel = new DeployViewModel(() -> here, tasks, dialogs, connector, connection -> team,
                "summary", 4, status);
        viewModel.open();
        executor.runPending();
        return viewModel;
    }

    @Test
    void aPatchWithinTheActiveMajorMayBeDeployedAndWaitsForApproval() {
        here.classifyAs(1, 3, ChangeClass.PATCH);

        DeployViewModel viewModel = open(APPROVAL_ON);

        assertThat(viewModel.majors()).extracting(MajorChoice::text)
                .containsExactly("major 1 (v3 active)", "new major 2");
        assertThat(viewModel.selectedMajorProperty().get()).isEqualTo(new MajorChoice(1, 3));
        assertThat(calls).contains("here: classify summary v4 major 1");
        assertThat(viewModel.changeClassProperty().get()).isEqualTo(ChangeClass.PATCH);
        assertThat(viewModel.classificationTextProperty().get())
                .isEqualTo("PATCH against v3 (active in major 1): text or settings only; callers are not affected.");
        assertThat(viewModel.changes()).containsExactly("template text changed");
        assertThat(viewModel.breaking()).isEmpty();
        assertThat(viewModel.newMajorOfferedProperty().get()).isFalse();
        assertThat(viewModel.canDeployProperty().get()).isTrue();
        assertThat(viewModel.deployTextProperty().get()).isEqualTo("Deploy v4 as major 1");
        assertThat(viewModel.approvalTextProperty().get()).isEqualTo(
                "Approval required on this server: the deployment waits until another person (ADMIN) approves it");

        viewModel.deploy();
        executor.runPending();

        assertThat(calls).endsWith("here: deploy summary v4 major 1");
        assertThat(viewModel.resultStatusProperty().get()).isEqualTo("PENDING_APPROVAL");
        assertThat(viewModel.resultTextProperty().get())
                .isEqualTo("PENDING_APPROVAL: summary v4 as major 1 waits for another person's approval");
        assertThat(viewModel.canDeployProperty().get()).as("deployed once").isFalse();
    }

    @Test
    void aMinorChangeMayBeDeployedWithinTheMajor() {
        here.classifyAs(1, 3, ChangeClass.MINOR);

        DeployViewModel viewModel = open(APPROVAL_ON);

        assertThat(viewModel.changeClassProperty().get()).isEqualTo(ChangeClass.MINOR);
        assertThat(viewModel.classificationTextProperty().get()).startsWith("MINOR against v3 (active in major 1)");
        assertThat(viewModel.canDeployProperty().get()).isTrue();
    }

    @Test
    void aMajorChangeListsItsBreakingDifferencesAndOnlyOffersANewMajor() {
        here.classifyAs(1, 3, ChangeClass.MAJOR,
                new Incompatibility("tone", "REMOVED", "parameter tone was removed"),
                new Incompatibility("audience", "REQUIRED_ADDED", "required parameter audience was added"));

        DeployViewModel viewModel = open(APPROVAL_ON);

        assertThat(viewModel.changeClassProperty().get()).isEqualTo(ChangeClass.MAJOR);
        assertThat(viewModel.breaking()).containsExactly("tone: parameter tone was removed",
                "audience: required parameter audience was added");
        assertThat(viewModel.canDeployProperty().get()).isFalse();
        assertThat(viewModel.newMajorOfferedProperty().get()).isTrue();
        assertThat(viewModel.newMajorTextProperty().get()).isEqualTo("Publish as new major 2");
        assertThat(viewModel.classificationTextProperty().get()).contains("cannot be deployed within major 1");
        viewModel.deploy();
        assertThat(executor.pendingCount()).as("nothing deployed within major 1").isZero();

        viewModel.publishAsNewMajor();
        assertThat(viewModel.selectedMajorProperty().get()).isEqualTo(new MajorChoice(2, null));
        assertThat(viewModel.canDeployProperty().get()).isTrue();
        assertThat(viewModel.breaking()).isEmpty();
        assertThat(viewModel.deployTextProperty().get()).isEqualTo("Publish v4 as new major 2");
        viewModel.deploy();
        executor.runPending();

        assertThat(calls).endsWith("here: deploy summary v4 major 2");
        assertThat(calls).doesNotContain("here: classify summary v4 major 2");
    }

    @Test
    void whenApprovalIsOffTheDialogSaysSoAndTheDeploymentIsActiveAtOnce() {
        here.classifyAs(1, 3, ChangeClass.PATCH);
        here.deployStatus = "ACTIVE";

        DeployViewModel viewModel = open(APPROVAL_OFF);
        viewModel.deploy();
        executor.runPending();

        assertThat(viewModel.approvalTextProperty().get())
                .isEqualTo("Approval is off on this server: the deployment is active at once");
        assertThat(viewModel.resultStatusProperty().get()).isEqualTo("ACTIVE");
        assertThat(viewModel.resultTextProperty().get()).isEqualTo("ACTIVE: callers of summary@1 now get v4");
    }

    @Test
    void aBreakingChangeRefusedByTheServerIsShownWithItsList() {
        here.classifyAs(1, 3, ChangeClass.PATCH);
        here.failing("deploy", FakeDeployApi.breakingChange("tone", "REMOVED", "parameter tone was removed"));

        DeployViewModel viewModel = open(APPROVAL_ON);
        viewModel.deploy();
        executor.runPending();

        assertThat(viewModel.changeClassProperty().get()).isEqualTo(ChangeClass.MAJOR);
        assertThat(viewModel.breaking()).containsExactly("tone: parameter tone was removed");
        assertThat(viewModel.classificationTextProperty().get()).startsWith("Refused by the server (409 BREAKING_CHANGE)");
        assertThat(viewModel.problemProperty().get())
                .isEqualTo("The server refused a breaking change within major 1");
        assertThat(viewModel.canDeployProperty().get()).isFalse();
        assertThat(viewModel.newMajorOfferedProperty().get()).isTrue();
        assertThat(viewModel.resultStatusProperty().get()).isEmpty();
        assertThat(dialogs.fake.errors()).isEmpty();
    }

    @Test
    void anotherFailureIsShownAndTheDeploymentMayBeTriedAgain() {
        here.classifyAs(1, 3, ChangeClass.PATCH);
        here.failing("deploy", new ApiError(ErrorCode.INTERNAL_ERROR, "The database is unavailable", 503));

        DeployViewModel viewModel = open(APPROVAL_ON);
        viewModel.deploy();
        executor.runPending();

        assertThat(viewModel.problemProperty().get())
                .isEqualTo("Could not deploy: The database is unavailable (HTTP 503)");
        assertThat(viewModel.canDeployProperty().get()).isTrue();
    }

    @Test
    void aFunctionWithoutActiveMajorsIsPublishedAsMajorOne() {
        here.withFunction("summary");

        DeployViewModel viewModel = open(APPROVAL_ON);

        assertThat(viewModel.majors()).containsExactly(new MajorChoice(1, null));
        assertThat(viewModel.selectedMajorProperty().get()).isEqualTo(new MajorChoice(1, null));
        assertThat(viewModel.classificationTextProperty().get()).startsWith("First version of major 1");
        assertThat(viewModel.canDeployProperty().get()).isTrue();
        assertThat(calls).noneMatch(c -> c.contains("classify"));
    }

    // ---- the team server ----

    private DeployViewModel onTeamServer() {
        here.classifyAs(1, 3, ChangeClass.PATCH);
        DeployViewModel viewModel = open(APPROVAL_ON);
        dialogs.teamServerAnswer = ConnectionSettings.remote(TEAM_URL, Credential.password("ops", "s3cret-pass"));
        viewModel.useTeamServer();
        executor.runPending();
        calls.clear();
        return viewModel;
    }

    @Test
    void theTeamServerIsConnectedWithItsOwnMajorsAndApprovalRule() {
        team.withFunction("summary", 1, 2, 2, 5).classifyAs(2, 5, ChangeClass.MINOR);
        team.status = APPROVAL_OFF;

        DeployViewModel viewModel = onTeamServer();

        assertThat(viewModel.targetProperty().get()).isEqualTo(DeployViewModel.Target.TEAM_SERVER);
        assertThat(viewModel.targetTextProperty().get()).isEqualTo("Team server " + TEAM_URL + "/");
        assertThat(viewModel.approvalTextProperty().get())
                .isEqualTo("Approval is off on the team server: the deployment is active at once");
        assertThat(viewModel.majors()).extracting(MajorChoice::text)
                .containsExactly("major 1 (v2 active)", "major 2 (v5 active)", "new major 3");
        assertThat(viewModel.changeClassProperty().get()).isEqualTo(ChangeClass.MINOR);
    }

    @Test
    void deployingToTheTeamServerExportsImportsChecksAndDeploysInOrder() {
        team.withFunction("summary", 1, 3).classifyAs(1, 3, ChangeClass.MINOR);
        DeployViewModel viewModel = onTeamServer();

        viewModel.deploy();
        executor.runPending();

        assertThat(calls).containsExactly("here: export summary", "team: importHistory summary",
                "team: classify summary v4 major 1", "team: deploy summary v4 major 1");
        assertThat(viewModel.steps()).extracting(DeployStep::text).containsExactly(
                "Export summary from this server: done, 0 versions",
                "Import the history into the team server: done, 3 imported, 1 already there",
                "Check compatibility on the team server: done, MINOR against v3",
                "Deploy on the team server: done, PENDING_APPROVAL");
        assertThat(viewModel.resultTextProperty().get()).isEqualTo(
                "PENDING_APPROVAL: summary v4 as major 1 on the team server waits for another person's approval");
    }

    @Test
    void aTeamDeploymentStopsAtTheFirstFailingStepWithItsError() {
        team.withFunction("summary", 1, 3).classifyAs(1, 3, ChangeClass.PATCH);
        team.failing("importHistory", new ApiError(ErrorCode.CONFLICT, "Version 2 differs on this server", 409)
                .withRequestId("req-42"));
        DeployViewModel viewModel = onTeamServer();

        viewModel.deploy();
        executor.runPending();

        assertThat(calls).containsExactly("here: export summary", "team: importHistory summary");
        assertThat(viewModel.steps()).extracting(DeployStep::state).containsExactly(DeployStep.State.DONE,
                DeployStep.State.FAILED, DeployStep.State.SKIPPED, DeployStep.State.SKIPPED);
        assertThat(viewModel.steps().get(1).message())
                .isEqualTo("Version 2 differs on this server (HTTP 409) (request id req-42)");
        assertThat(viewModel.problemProperty().get()).isEqualTo("Import the history into the team server failed: "
                + "Version 2 differs on this server (HTTP 409) (request id req-42)");
        assertThat(viewModel.resultStatusProperty().get()).isEmpty();
    }

    @Test
    void aBreakingChangeAgainstTheTeamServersLiveVersionStopsBeforeDeploying() {
        team.withFunction("summary", 1, 3).classifyAs(1, 3, ChangeClass.MAJOR,
                new Incompatibility("tone", "RETYPED", "parameter tone changed from string to enum"));
        DeployViewModel viewModel = onTeamServer();
        assertThat(viewModel.canDeployProperty().get()).as("classified on the team server already").isFalse();
        team.classifications.remove(1); // the team server does not have v4 yet: checked after the import
        team.failures.put("classify", new ApiError(ErrorCode.NOT_FOUND, "No version 4", 404));
        viewModel.selectMajor(new MajorChoice(1, 3));
        executor.runPending();
        assertThat(viewModel.classificationTextProperty().get()).startsWith("The team server does not have v4 yet");
        assertThat(viewModel.canDeployProperty().get()).isTrue();
        team.failures.clear();
        team.classifyAs(1, 3, ChangeClass.MAJOR,
                new Incompatibility("tone", "RETYPED", "parameter tone changed from string to enum"));
        calls.clear();

        viewModel.deploy();
        executor.runPending();

        assertThat(calls).containsExactly("here: export summary", "team: importHistory summary",
                "team: classify summary v4 major 1");
        assertThat(viewModel.steps()).extracting(DeployStep::state).containsExactly(DeployStep.State.DONE,
                DeployStep.State.DONE, DeployStep.State.FAILED, DeployStep.State.SKIPPED);
        assertThat(viewModel.breaking()).containsExactly("tone: parameter tone changed from string to enum");
        assertThat(viewModel.newMajorTextProperty().get()).isEqualTo("Publish as new major 2");
        assertThat(viewModel.problemProperty().get()).startsWith("Stopped before deploying");
    }

    @Test
    void aCancelledTeamServerDialogKeepsThisServer() {
        here.classifyAs(1, 3, ChangeClass.PATCH);
        DeployViewModel viewModel = open(APPROVAL_ON);
        dialogs.teamServerAnswer = null;

        viewModel.useTeamServer();

        assertThat(dialogs.teamServerAsked).isEqualTo(1);
        assertThat(executor.pendingCount()).isZero();
        assertThat(viewModel.targetProperty().get()).isEqualTo(DeployViewModel.Target.THIS_SERVER);
    }

    @Test
    void aRefusedTeamLoginIsShownAndThisServerStaysTheTarget() {
        here.classifyAs(1, 3, ChangeClass.PATCH);
        DeployViewModel viewModel = open(APPROVAL_ON);
        ConnectionSettings settings = ConnectionSettings.remote(TEAM_URL, Credential.password("ops", "wrong-pass"));
        connector.failFor(settings, new dev.familiar.admin.connection.ConnectionFailedException(
                "Login refused: Invalid username or password", null));
        dialogs.teamServerAnswer = settings;

        viewModel.useTeamServer();
        executor.runPending();

        assertThat(viewModel.targetProperty().get()).isEqualTo(DeployViewModel.Target.THIS_SERVER);
        assertThat(viewModel.problemProperty().get())
                .isEqualTo("Could not connect to the team server: Login refused: Invalid username or password");
        assertThat(viewModel.problemProperty().get()).doesNotContain("wrong-pass");
    }
}
