package dev.familiar.admin.promptlab.deploy;

import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.ServerConnection;
import dev.familiar.admin.connection.ServerConnector;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorReport;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.ClassificationView;
import dev.familiar.model.prompt.DeploymentView;
import dev.familiar.model.prompt.FunctionHistory;
import dev.familiar.model.prompt.ImportResult;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.LabStatus;
import dev.familiar.model.prompt.PromptFunctionView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The deploy dialog without its nodes: deploys {@code function@version} as a major of this server or of the team
 * server. The operator picks a major (an active one, or "new major N+1"); the classification against the major's
 * active version is computed by the server and shown: PATCH and MINOR may be deployed, MAJOR lists each breaking
 * difference and only offers to publish as a new major. The dialog says whether approval is required (and when it
 * is off, that the deployment is active at once), shows the result (PENDING_APPROVAL or ACTIVE) and a server's 409
 * {@code BREAKING_CHANGE} with its list.
 *
 * <p>The team server is a second connection (address and credential asked with {@link TeamServerRequest}); a
 * deployment there is four steps, each shown with its result: export from this server, import the history into the
 * team server, check compatibility against the team server's live version, deploy there. The first failing step
 * stops the rest. The team connection is closed by {@link #close()}. UI thread only.
 */
public final class DeployViewModel {
    /** Where the version is deployed. */
    public enum Target { THIS_SERVER, TEAM_SERVER }

    private final Supplier<DeployApi> local;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final ServerConnector connector;
    private final Function<ServerConnection, DeployApi> remoteApi;
    private final String function;
    private final int version;
    private final LabStatus localStatus;

    private final ReadOnlyObjectWrapper<Target> target = new ReadOnlyObjectWrapper<>(Target.THIS_SERVER);
    private final ReadOnlyStringWrapper targetText = new ReadOnlyStringWrapper("This server");
    private final ObservableList<MajorChoice> majors = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<MajorChoice> selectedMajor = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ChangeClass> changeClass = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper classificationText = new ReadOnlyStringWrapper("");
    private final ObservableList<String> changes = FXCollections.observableArrayList();
    private final ObservableList<String> breaking = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper newMajorOffered = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper newMajorText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper approvalText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canDeploy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper deployText = new ReadOnlyStringWrapper("Deploy");
    private final ObservableList<DeployStep> steps = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper resultStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(false);

    private Team team;
    private boolean deployed;

    /** An open connection to the team server with what was read from it. */
    private record Team(ServerConnection connection, DeployApi api, LabStatus status,
                        Optional<PromptFunctionView> function) {
    }

    /** Step 3 found a breaking change against the team server's live version. */
    private static final class BreakingChangeFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ClassificationView classification;

        BreakingChangeFound(ClassificationView classification) {
            super("a breaking change against v" + classification.from() + ", active in the chosen major");
            this.classification = classification;
        }
    }

    /** One step of a team deployment: its title and its work, answering the step's result in a few words. */
    private record StepWork(String title, Callable<String> work) {
    }

    /**
     * @param local       this server's deploy API, read at call time
     * @param connector   opens the team server's connection
     * @param remoteApi   the deploy API of an open connection
     * @param function    the function deployed
     * @param version     the version deployed
     * @param localStatus this server's lab status (whether approval is required)
     */
    public DeployViewModel(Supplier<DeployApi> local, TaskScope tasks, DialogService dialogs,
                           ServerConnector connector, Function<ServerConnection, DeployApi> remoteApi,
                           String function, int version, LabStatus localStatus) {
        this.local = Objects.requireNonNull(local, "local");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.remoteApi = Objects.requireNonNull(remoteApi, "remoteApi");
        this.function = Objects.requireNonNull(function, "function");
        this.version = version;
        this.localStatus = Objects.requireNonNull(localStatus, "localStatus");
        approvalText.set(approval(localStatus, "this server"));
    }

    /** "Deploy summary v4". */
    public String title() {
        return "Deploy " + function + " v" + version;
    }

    public String function() {
        return function;
    }

    public int version() {
        return version;
    }

    /** Loads this server's active majors of the function and selects the latest (classifying against it). */
    public void open() {
        loadMajors(local);
    }

    // ---- target ----

    /** Deploys to this server again (closing the team connection). */
    public void useThisServer() {
        if (target.get() == Target.THIS_SERVER) {
            return;
        }
        closeTeam();
        target.set(Target.THIS_SERVER);
        targetText.set("This server");
        approvalText.set(approval(localStatus, "this server"));
        resetOutcome();
        loadMajors(local);
    }

    /**
     * Asks for the team server's address and credential, connects, and reads its approval rule and the function's
     * majors there (none when the team server does not know the function yet).
     */
    public void useTeamServer() {
        Optional<ConnectionSettings> answer = dialogs.show(new TeamServerRequest());
        if (answer.isEmpty()) {
            return;
        }
        if (!(answer.get() instanceof ConnectionSettings.Remote remote)) {
            problem.set("The team server is a remote server: give its address");
            return;
        }
        problem.set("");
        working.set(true);
        targetText.set("Connecting to " + remote.baseUrl() + "…");
        tasks.run("Connecting to the team server", progress -> {
            ServerConnection connection = connector.open(remote);
            try {
                DeployApi api = remoteApi.apply(connection);
                return new Team(connection, api, api.status(), find(api, function));
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }, connected -> {
            working.set(false);
            closeTeam();
            team = connected;
            target.set(Target.TEAM_SERVER);
            targetText.set("Team server " + connected.connection().baseUrl());
            approvalText.set(approval(connected.status(), "the team server"));
            resetOutcome();
            setMajors(connected.function().map(PromptFunctionView::active).orElse(List.of()));
        }, failure -> {
            working.set(false);
            targetText.set(target.get() == Target.TEAM_SERVER && team != null
                    ? "Team server " + team.connection().baseUrl() : "This server");
            problem.set("Could not connect to the team server: " + ErrorReport.of(failure).message());
        });
    }

    // ---- major and classification ----

    /** Chooses the major to deploy as, and shows the classification against its active version. */
    public void selectMajor(MajorChoice choice) {
        selectedMajor.set(choice);
        resetOutcome();
        changeClass.set(null);
        changes.clear();
        breaking.clear();
        newMajorOffered.set(false);
        canDeploy.set(false);
        if (choice == null) {
            classificationText.set("");
            return;
        }
        deployText.set(choice.isNew() ? "Publish v" + version + " as new major " + choice.major()
                : "Deploy v" + version + " as major " + choice.major());
        if (choice.isNew()) {
            classificationText.set("First version of major " + choice.major() + ": nothing to compare. Callers choose "
                    + "major " + choice.major() + " explicitly; callers of other majors are not affected.");
            canDeploy.set(!deployed);
            return;
        }
        classificationText.set("Comparing v" + version + " with v" + choice.activeVersion() + ", active in major "
                + choice.major() + "…");
        DeployApi server = currentApiOrNull();
        boolean onTeam = target.get() == Target.TEAM_SERVER;
        tasks.run("Classifying " + function + " v" + version, progress -> (server != null ? server : local.get())
                .classify(function, version, choice.major()), classification -> {
                    if (choice.equals(selectedMajor.get())) {
                        showClassification(choice, classification);
                    }
                }, failure -> {
                    if (!choice.equals(selectedMajor.get())) {
                        return;
                    }
                    if (onTeam && failure instanceof ApiError error && error.status() == 404) {
                        classificationText.set("The team server does not have v" + version + " yet: the compatibility "
                                + "check against its live v" + choice.activeVersion() + " runs after the history is "
                                + "imported, before anything is deployed.");
                        canDeploy.set(!deployed);
                    } else {
                        classificationText.set("Could not classify v" + version + ": "
                                + ErrorReport.of(failure).message());
                    }
                });
    }

    /** Selects "new major N+1": what a MAJOR change is offered. */
    public void publishAsNewMajor() {
        majors.stream().filter(MajorChoice::isNew).findFirst().ifPresent(this::selectMajor);
    }

    private void showClassification(MajorChoice choice, ClassificationView classification) {
        changeClass.set(classification.changeClass());
        changes.setAll(classification.changes() == null ? List.of() : classification.changes());
        String against = " against v" + classification.from() + " (active in major " + choice.major() + ")";
        switch (classification.changeClass()) {
            case PATCH -> {
                classificationText.set("PATCH" + against + ": text or settings only; callers are not affected.");
                canDeploy.set(!deployed);
            }
            case MINOR -> {
                classificationText.set("MINOR" + against + ": the contract grew compatibly; callers of major "
                        + choice.major() + " keep working.");
                canDeploy.set(!deployed);
            }
            case MAJOR -> showBreaking(choice, classification.breaking(),
                    "MAJOR" + against + ": callers of major " + choice.major() + " may break.");
        }
    }

    private void showBreaking(MajorChoice choice, List<Incompatibility> differences, String header) {
        changeClass.set(ChangeClass.MAJOR);
        breaking.setAll(Breaking.lines(differences));
        canDeploy.set(false);
        int next = nextMajor();
        newMajorOffered.set(true);
        newMajorText.set("Publish as new major " + next);
        classificationText.set(header + " It cannot be deployed within major " + choice.major()
                + "; publish it as new major " + next + " (major " + choice.major() + " keeps serving its callers).");
    }

    // ---- deploy ----

    /** Deploys to the chosen target as the chosen major (nothing when the classification does not allow it). */
    public void deploy() {
        MajorChoice choice = selectedMajor.get();
        if (choice == null || !canDeploy.get() || working.get()) {
            return;
        }
        problem.set("");
        working.set(true);
        canDeploy.set(false);
        if (target.get() == Target.TEAM_SERVER && team != null) {
            deployToTeam(choice, team.api());
            return;
        }
        resultText.set("Deploying…");
        tasks.run("Deploying " + function + " v" + version, progress -> local.get().deploy(function, version,
                choice.major()), deployment -> {
                    working.set(false);
                    showResult(deployment);
                }, failure -> {
                    working.set(false);
                    resultText.set("");
                    refused(choice, failure);
                });
    }

    private void deployToTeam(MajorChoice choice, DeployApi remote) {
        Supplier<DeployApi> here = local;
        AtomicReference<FunctionHistory> history = new AtomicReference<>();
        AtomicReference<DeploymentView> deployment = new AtomicReference<>();
        int major = choice.major();
        List<StepWork> plan = List.of(
                new StepWork("Export " + function + " from this server", () -> {
                    FunctionHistory exported = here.get().export(function);
                    history.set(exported);
                    return exported.versions().size() + " versions";
                }),
                new StepWork("Import the history into the team server", () -> {
                    ImportResult imported = remote.importHistory(history.get());
                    return imported.imported() + " imported, " + imported.unchanged() + " already there";
                }),
                new StepWork("Check compatibility on the team server", () -> {
                    if (choice.isNew()) {
                        return "new major " + major + ": nothing to compare";
                    }
                    ClassificationView classification = remote.classify(function, version, major);
                    if (classification.changeClass() == ChangeClass.MAJOR) {
                        throw new BreakingChangeFound(classification);
                    }
                    return classification.changeClass() + " against v" + classification.from();
                }),
                new StepWork("Deploy on the team server", () -> {
                    DeploymentView deployed = remote.deploy(function, version, major);
                    deployment.set(deployed);
                    return deployed.status();
                }));
        steps.setAll(plan.stream().map(s -> new DeployStep(s.title(), DeployStep.State.WAITING, "")).toList());
        resultText.set("Deploying to the team server…");
        runStep(plan, 0, () -> {
            working.set(false);
            showResult(deployment.get());
        }, choice);
    }

    private void runStep(List<StepWork> plan, int index, Runnable done, MajorChoice choice) {
        if (index == plan.size()) {
            done.run();
            return;
        }
        StepWork step = plan.get(index);
        steps.set(index, steps.get(index).with(DeployStep.State.RUNNING, ""));
        tasks.run(step.title(), progress -> step.work().call(), result -> {
            steps.set(index, steps.get(index).with(DeployStep.State.DONE, result));
            runStep(plan, index + 1, done, choice);
        }, failure -> {
            working.set(false);
            resultText.set("");
            steps.set(index, steps.get(index).with(DeployStep.State.FAILED, stepFailure(failure)));
            for (int later = index + 1; later < steps.size(); later++) {
                steps.set(later, steps.get(later).with(DeployStep.State.SKIPPED, ""));
            }
            if (failure instanceof BreakingChangeFound found) {
                showBreaking(choice, found.classification.breaking(), "MAJOR against v" + found.classification.from()
                        + " (live on the team server in major " + choice.major() + "): callers of major "
                        + choice.major() + " may break.");
                problem.set("Stopped before deploying: " + step.title() + " found a breaking change");
            } else {
                refused(choice, failure);
                if (Breaking.of(failure).isEmpty()) {
                    problem.set(step.title() + " failed: " + stepFailure(failure));
                }
            }
        });
    }

    private void refused(MajorChoice choice, Throwable failure) {
        Optional<List<Incompatibility>> differences = Breaking.of(failure);
        if (differences.isPresent()) {
            showBreaking(choice, differences.get(), "Refused by the server (409 BREAKING_CHANGE): "
                    + ErrorReport.of(failure).message().lines().findFirst().orElse("") + ".");
            problem.set("The server refused a breaking change within major " + choice.major());
            return;
        }
        problem.set("Could not deploy: " + stepFailure(failure));
        canDeploy.set(!deployed);
    }

    private void showResult(DeploymentView deployment) {
        deployed = true;
        canDeploy.set(false);
        resultStatus.set(deployment.status());
        String where = target.get() == Target.TEAM_SERVER ? " on the team server" : "";
        resultText.set(switch (deployment.status()) {
            case "PENDING_APPROVAL" -> "PENDING_APPROVAL: " + function + " v" + deployment.version() + " as major "
                    + deployment.major() + where + " waits for another person's approval";
            case "ACTIVE" -> "ACTIVE: callers of " + function + "@" + deployment.major() + where + " now get v"
                    + deployment.version();
            default -> deployment.status() + ": " + function + " v" + deployment.version() + " as major "
                    + deployment.major() + where;
        });
    }

    /** Closes the team server's connection (when the dialog closes). */
    public void close() {
        closeTeam();
    }

    // ---- helpers ----

    private void loadMajors(Supplier<DeployApi> server) {
        majors.clear();
        selectMajor(null);
        classificationText.set("Loading the active majors of " + function + "…");
        tasks.run("Loading the majors of " + function, progress -> find(server.get(), function), found -> {
            if (target.get() == Target.THIS_SERVER) {
                setMajors(found.map(PromptFunctionView::active).orElse(List.of()));
            }
        }, failure -> classificationText.set("Could not load the majors of " + function + ": "
                + ErrorReport.of(failure).message()));
    }

    private void setMajors(List<PromptFunctionView.ActiveMajor> active) {
        List<MajorChoice> choices = new ArrayList<>(active.stream()
                .sorted(Comparator.comparingInt(PromptFunctionView.ActiveMajor::major))
                .map(a -> new MajorChoice(a.major(), a.version())).toList());
        int next = choices.stream().mapToInt(MajorChoice::major).max().orElse(0) + 1;
        choices.add(new MajorChoice(next, null));
        majors.setAll(choices);
        selectMajor(choices.size() > 1 ? choices.get(choices.size() - 2) : choices.get(0));
    }

    private int nextMajor() {
        return majors.stream().filter(MajorChoice::isNew).mapToInt(MajorChoice::major).findFirst()
                .orElse(majors.stream().mapToInt(MajorChoice::major).max().orElse(0) + 1);
    }

    /** The function on {@code server}, empty when it does not know it (404). */
    private static Optional<PromptFunctionView> find(DeployApi server, String name) {
        try {
            return Optional.of(server.function(name));
        } catch (ApiError e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private DeployApi currentApiOrNull() {
        return target.get() == Target.TEAM_SERVER && team != null ? team.api() : null;
    }

    private void resetOutcome() {
        if (!deployed) {
            resultText.set("");
            resultStatus.set("");
        }
        problem.set("");
        if (!working.get()) {
            steps.clear();
        }
    }

    private void closeTeam() {
        if (team != null) {
            try {
                team.connection().close();
            } catch (RuntimeException ignored) {
                // closing a client does not fail in a way the operator can act on
            }
            team = null;
        }
    }

    /** "Approval required: …" or "Approval is off on this server: the deployment is active at once". */
    static String approval(LabStatus status, String where) {
        if (!status.approvalRequired()) {
            return "Approval is off on " + where + ": the deployment is active at once";
        }
        List<String> roles = status.approverRoles() == null ? List.of() : status.approverRoles();
        return "Approval required on " + where + ": the deployment waits until another person"
                + (roles.isEmpty() ? "" : " (" + String.join(" or ", roles) + ")") + " approves it";
    }

    /** The failure's message, with the server's request id when it answered. */
    private static String stepFailure(Throwable failure) {
        ErrorReport report = ErrorReport.of(failure);
        String message = report.message().replace('\n', ' ');
        return report.requestId() == null || report.requestId().isBlank() ? message
                : message + " (request id " + report.requestId() + ")";
    }

    // ---- properties ----

    public ReadOnlyObjectProperty<Target> targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** "This server" or "Team server https://…". */
    public ReadOnlyStringProperty targetTextProperty() {
        return targetText.getReadOnlyProperty();
    }

    /** The active majors, then "new major N+1". */
    public ObservableList<MajorChoice> majors() {
        return majors;
    }

    public ReadOnlyObjectProperty<MajorChoice> selectedMajorProperty() {
        return selectedMajor.getReadOnlyProperty();
    }

    /** The computed class against the chosen major's active version (null for a new major, or while loading). */
    public ReadOnlyObjectProperty<ChangeClass> changeClassProperty() {
        return changeClass.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty classificationTextProperty() {
        return classificationText.getReadOnlyProperty();
    }

    /** What changed ("template text changed", "parameter style added with a default"…). */
    public ObservableList<String> changes() {
        return changes;
    }

    /** Each breaking difference of a MAJOR change, "parameter: message". */
    public ObservableList<String> breaking() {
        return breaking;
    }

    /** Whether "publish as new major" is offered (a MAJOR change). */
    public ReadOnlyBooleanProperty newMajorOfferedProperty() {
        return newMajorOffered.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty newMajorTextProperty() {
        return newMajorText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty approvalTextProperty() {
        return approvalText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canDeployProperty() {
        return canDeploy.getReadOnlyProperty();
    }

    /** "Deploy v4 as major 1" or "Publish v4 as new major 2". */
    public ReadOnlyStringProperty deployTextProperty() {
        return deployText.getReadOnlyProperty();
    }

    /** The steps of a team deployment with their results (empty for this server). */
    public ObservableList<DeployStep> steps() {
        return steps;
    }

    /** PENDING_APPROVAL or ACTIVE once deployed, empty before. */
    public ReadOnlyStringProperty resultStatusProperty() {
        return resultStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    /** Why the last action failed, empty when it did not. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True while connecting or deploying. */
    public ReadOnlyBooleanProperty workingProperty() {
        return working.getReadOnlyProperty();
    }
}
