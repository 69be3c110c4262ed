package dev.familiar.admin.promptlab.deploy;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.ConfirmRequest;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The reviewer's list: deployments waiting for approval across functions (approve or reject, each after a
 * confirmation showing the classification), with Approve disabled on one's own requests ("you requested this"); and
 * every active function major with Rollback (after a confirmation). Refreshed by {@link #load()} and after every
 * action. UI thread only.
 */
public final class ApprovalsViewModel {
    private final Supplier<DeployApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Supplier<String> currentUser;

    private final ObservableList<ApprovalItem> approvals = FXCollections.observableArrayList();
    private final ObservableList<ActiveMajorItem> activeMajors = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper approvalNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private TaskHandle loading;

    private record Loaded(List<DeploymentView> pending, List<PromptFunctionView> functions, LabStatus status) {
    }

    /**
     * @param currentUser who the console is signed in as (a username or user id, compared with a deployment's
     *                    {@code requestedBy}); see {@link #username(String)} for the session's "name (ROLES)" text
     */
    public ApprovalsViewModel(Supplier<DeployApi> api, TaskScope tasks, DialogService dialogs,
                              Supplier<String> currentUser) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.currentUser = Objects.requireNonNull(currentUser, "currentUser");
    }

    /** "ops" from the session's "ops (ADMIN, PROMPT_ENGINEER)". */
    public static String username(String signedInAs) {
        if (signedInAs == null) {
            return "";
        }
        int paren = signedInAs.indexOf(" (");
        return (paren < 0 ? signedInAs : signedInAs.substring(0, paren)).strip();
    }

    /** Loads the pending deployments and the active majors (a load still running is dropped). */
    public void load() {
        if (loading != null) {
            loading.cancel();
        }
        listMessage.set("Loading deployments…");
        loading = tasks.run("Loading deployments waiting for approval", progress -> {
            DeployApi server = api.get();
            return new Loaded(server.pendingApprovals(), server.functions(), server.status());
        }, loaded -> {
            String me = currentUser.get();
            approvals.setAll(loaded.pending().stream()
                    .map(d -> new ApprovalItem(d, me != null && !me.isBlank() && me.equalsIgnoreCase(d.requestedBy())))
                    .toList());
            List<ActiveMajorItem> majors = new ArrayList<>();
            for (PromptFunctionView function : loaded.functions()) {
                for (PromptFunctionView.ActiveMajor active : function.active()) {
                    majors.add(new ActiveMajorItem(function.name(), active.major(), active.version(),
                            active.activatedAt()));
                }
            }
            majors.sort(Comparator.comparing(ActiveMajorItem::function).thenComparingInt(ActiveMajorItem::major));
            activeMajors.setAll(majors);
            listMessage.set(approvals.isEmpty() ? "Nothing waits for approval"
                    : approvals.size() == 1 ? "1 deployment waits for approval"
                    : approvals.size() + " deployments wait for approval");
            approvalNote.set(loaded.status().approvalRequired()
                    ? "Approval required: the requester cannot approve their own deployment"
                    + (loaded.status().approverRoles() == null || loaded.status().approverRoles().isEmpty() ? ""
                    : "; approvers: " + String.join(", ", loaded.status().approverRoles()))
                    : "Approval is off on this server: deployments are active at once");
        }, failure -> {
            listMessage.set("Could not load deployments");
            dialogs.show(ErrorRequest.of("Could not load deployments", failure));
        });
    }

    /** After a confirmation, approves {@code item}: its version becomes the active version of its major. */
    public void approve(ApprovalItem item) {
        if (item == null) {
            return;
        }
        if (!item.canApprove()) {
            message.set("You requested " + item.function() + " " + item.versionText()
                    + ": another person must approve it");
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("Classification: " + item.classText());
        lines.addAll(item.breaking());
        lines.add("Requested by " + item.requestedByText() + " at " + item.requestedAtText());
        lines.add("Once approved, callers of " + item.function() + "@" + item.deployment().major() + " get v"
                + item.deployment().version() + ".");
        boolean confirmed = dialogs.show(new ConfirmRequest("Approve deployment",
                "Approve " + item.function() + " " + item.versionText() + "?", lines, "Approve", false))
                .orElse(false);
        if (confirmed) {
            decide(item, true);
        }
    }

    /** After a confirmation, rejects {@code item}: it never becomes active. */
    public void reject(ApprovalItem item) {
        if (item == null) {
            return;
        }
        boolean confirmed = dialogs.show(new ConfirmRequest("Reject deployment",
                "Reject " + item.function() + " " + item.versionText() + "?",
                List.of("Classification: " + item.classText(), "Requested by " + item.requestedByText(),
                        "The deployment will not become active; a new request is needed to deploy this version."),
                "Reject", true)).orElse(false);
        if (confirmed) {
            decide(item, false);
        }
    }

    private void decide(ApprovalItem item, boolean approve) {
        String what = item.function() + " " + item.versionText();
        tasks.run((approve ? "Approving " : "Rejecting ") + what, progress -> approve
                ? api.get().approve(item.function(), item.id())
                : api.get().reject(item.function(), item.id()), decided -> {
                    message.set(what + ": " + decided.status());
                    load();
                }, failure -> dialogs.show(ErrorRequest.of("Could not " + (approve ? "approve " : "reject ") + what,
                        failure)));
    }

    /** After a destructive confirmation, makes the previously active version of the major active again. */
    public void rollback(ActiveMajorItem item) {
        if (item == null) {
            return;
        }
        boolean confirmed = dialogs.show(new ConfirmRequest("Roll back " + item.name(),
                "Roll back " + item.name() + "?",
                List.of(item.versionText() + " stops serving callers of " + item.name() + ".",
                        "The version active before it becomes active again, in one step.",
                        "The rollback is audited; deploying again needs a new request."),
                "Roll back", true)).orElse(false);
        if (!confirmed) {
            return;
        }
        tasks.run("Rolling back " + item.name(), progress -> api.get().rollback(item.function(), item.major()),
                now -> {
                    message.set(item.name() + " rolled back: v" + now.version() + " is active");
                    load();
                }, failure -> dialogs.show(ErrorRequest.of("Could not roll back " + item.name(), failure)));
    }

    // ---- properties ----

    public ObservableList<ApprovalItem> approvals() {
        return approvals;
    }

    public ObservableList<ActiveMajorItem> activeMajors() {
        return activeMajors;
    }

    /** "2 deployments wait for approval". */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    /** The server's approval rule, in a sentence. */
    public ReadOnlyStringProperty approvalNoteProperty() {
        return approvalNote.getReadOnlyProperty();
    }

    /** What the last action did. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
