package dev.familiar.admin.promptlab.deploy;

import static dev.familiar.admin.promptlab.deploy.FakeDeployApi.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.testing.FakeDialogService;
import dev.familiar.admin.testing.ManualExecutor;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.LabStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApprovalsViewModelTest {
    private final ManualExecutor executor = new ManualExecutor();
    private final FakeDialogService dialogs = new FakeDialogService();
    private final FakeDeployApi api = new FakeDeployApi();
    private final ApprovalsViewModel viewModel = new ApprovalsViewModel(() -> api,
            new TaskScope(executor, new ActivityMonitor()), dialogs, () -> "alice");

    @BeforeEach
    void setUp() {
        api.withFunction("summary", 1, 3, 2, 1);
        api.pending.add(deployment("d-own", "summary", 4, 1, ChangeClass.PATCH, "Alice"));
        api.pending.add(deployment("d-bob", "classify", 2, 1, ChangeClass.MINOR, "bob"));
        api.pending.add(deployment("d-new", "summary", 5, 2, null, "bob"));
        viewModel.load();
        executor.runPending();
        api.calls.clear();
    }

    @Test
    void pendingDeploymentsAcrossFunctionsShowTheirClassificationAndActiveMajorsTheirVersion() {
        assertThat(viewModel.listMessageProperty().get()).isEqualTo("3 deployments wait for approval");
        assertThat(viewModel.approvals()).extracting(ApprovalItem::function, ApprovalItem::versionText,
                ApprovalItem::classText).containsExactly(
                org.assertj.core.groups.Tuple.tuple("summary", "v4 as major 1", "PATCH"),
                org.assertj.core.groups.Tuple.tuple("classify", "v2 as major 1", "MINOR"),
                org.assertj.core.groups.Tuple.tuple("summary", "v5 as major 2", "first of major 2"));
        assertThat(viewModel.activeMajors()).extracting(ActiveMajorItem::name, ActiveMajorItem::versionText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("summary@1", "v3"),
                        org.assertj.core.groups.Tuple.tuple("summary@2", "v1"));
        assertThat(viewModel.approvalNoteProperty().get())
                .isEqualTo("Approval required: the requester cannot approve their own deployment; approvers: ADMIN");
    }

    @Test
    void ownDeploymentsCannotBeApprovedAndSayWhy() {
        ApprovalItem own = viewModel.approvals().get(0);

        assertThat(own.own()).isTrue();
        assertThat(own.canApprove()).isFalse();
        assertThat(own.approveDisabledReason()).isEqualTo("you requested this");
        assertThat(viewModel.approvals().get(1).canApprove()).isTrue();

        dialogs.answerConfirm(true);
        viewModel.approve(own);

        assertThat(dialogs.shown(ConfirmRequest.class)).isEmpty();
        assertThat(executor.pendingCount()).isZero();
        assertThat(viewModel.messageProperty().get())
                .isEqualTo("You requested summary v4 as major 1: another person must approve it");
    }

    @Test
    void approvingAfterConfirmationActivatesAndRefreshes() {
        ApprovalItem bob = viewModel.approvals().get(1);
        dialogs.answerConfirm(true);

        viewModel.approve(bob);
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.header()).isEqualTo("Approve classify v2 as major 1?");
        assertThat(confirm.lines()).contains("Classification: MINOR",
                "Once approved, callers of classify@1 get v2.");
        assertThat(api.calls).containsExactly("approve classify d-bob", "pendingApprovals", "functions", "status");
        assertThat(viewModel.messageProperty().get()).isEqualTo("classify v2 as major 1: ACTIVE");
        assertThat(viewModel.approvals()).extracting(ApprovalItem::id).containsExactly("d-own", "d-new");
    }

    @Test
    void aCancelledConfirmationApprovesNothing() {
        dialogs.answerConfirm(false);

        viewModel.approve(viewModel.approvals().get(1));
        executor.runPending();

        assertThat(api.calls).isEmpty();
    }

    @Test
    void rejectingAsksADestructiveConfirmationAndRejects() {
        dialogs.answerConfirm(true);

        viewModel.reject(viewModel.approvals().get(2));
        executor.runPending();

        assertThat(dialogs.shown(ConfirmRequest.class).get(0).destructive()).isTrue();
        assertThat(api.calls).startsWith("reject summary d-new");
        assertThat(viewModel.messageProperty().get()).isEqualTo("summary v5 as major 2: REJECTED");
    }

    @Test
    void aMajorDeploymentShowsItsBreakingDifferencesInTheConfirmation() {
        api.pending.add(deployment("d-major", "summary", 6, 3, ChangeClass.MAJOR, "bob",
                new Incompatibility("tone", "REMOVED", "parameter tone was removed")));
        viewModel.load();
        executor.runPending();
        ApprovalItem major = viewModel.approvals().get(3);
        dialogs.answerConfirm(false);

        viewModel.approve(major);

        assertThat(major.classText()).isEqualTo("MAJOR: 1 breaking");
        assertThat(dialogs.shown(ConfirmRequest.class).get(0).lines()).contains("tone: parameter tone was removed");
    }

    @Test
    void aServerRefusalIsShownWithItsMessage() {
        api.failing("approve", new ApiError(ErrorCode.FORBIDDEN, "Only ADMIN may approve", 403));
        dialogs.answerConfirm(true);

        viewModel.approve(viewModel.approvals().get(1));
        executor.runPending();

        assertThat(dialogs.errors())
                .containsExactly("Could not approve classify v2 as major 1: Only ADMIN may approve (HTTP 403)");
    }

    @Test
    void rollbackAsksADestructiveConfirmationAndMovesThePointerBack() {
        dialogs.answerConfirm(true);

        viewModel.rollback(viewModel.activeMajors().get(0));
        executor.runPending();

        ConfirmRequest confirm = dialogs.shown(ConfirmRequest.class).get(0);
        assertThat(confirm.destructive()).isTrue();
        assertThat(confirm.header()).isEqualTo("Roll back summary@1?");
        assertThat(api.calls).startsWith("rollback summary major 1");
        assertThat(viewModel.messageProperty().get()).isEqualTo("summary@1 rolled back: v2 is active");
    }

    @Test
    void whenApprovalIsOffTheNoteSaysSo() {
        api.status = new LabStatus(List.of(), false, List.of());

        viewModel.load();
        executor.runPending();

        assertThat(viewModel.approvalNoteProperty().get())
                .isEqualTo("Approval is off on this server: deployments are active at once");
    }

    @Test
    void theSignedInNameIsTheSessionTextWithoutItsRoles() {
        assertThat(ApprovalsViewModel.username("ops (ADMIN, PROMPT_ENGINEER)")).isEqualTo("ops");
        assertThat(ApprovalsViewModel.username("ops")).isEqualTo("ops");
        assertThat(ApprovalsViewModel.username(null)).isEmpty();
    }
}
