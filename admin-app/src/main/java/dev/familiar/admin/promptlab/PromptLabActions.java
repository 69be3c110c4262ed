package dev.familiar.admin.promptlab;

import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.FormRequest;
import dev.familiar.admin.promptlab.compare.CompareViewModel;
import dev.familiar.admin.promptlab.compare.VersionComparisonViewModel;
import dev.familiar.admin.promptlab.deploy.ApprovalsViewModel;
import dev.familiar.admin.promptlab.deploy.DeployRequest;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.LabStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * What the Prompt Lab's Compare, Compare versions, Deploy and Approvals controls do, over the lab's view model and
 * the comparison, deploy and approvals view models: two history rows open side by side; two versions run over the
 * open data set and are compared row by row; the selected version opens the deploy dialog with the server's approval
 * rule; after a deployment the approvals and the function's active majors are refreshed.
 */
public final class PromptLabActions {
    /** Builds the deploy dialog for {@code function@version} under {@code status}. */
    @FunctionalInterface
    public interface DeployDialogFactory {
        DeployRequest request(String function, int version, LabStatus status);
    }

    private final PromptLabViewModel lab;
    private final CompareViewModel compare;
    private final VersionComparisonViewModel versions;
    private final ApprovalsViewModel approvals;
    private final DeployDialogFactory deployDialog;
    private final DialogService dialogs;
    private final ReadOnlyBooleanWrapper comparingVersions = new ReadOnlyBooleanWrapper(false);

    public PromptLabActions(PromptLabViewModel lab, CompareViewModel compare, VersionComparisonViewModel versions,
                            ApprovalsViewModel approvals, DeployDialogFactory deployDialog, DialogService dialogs) {
        this.lab = Objects.requireNonNull(lab, "lab");
        this.compare = Objects.requireNonNull(compare, "compare");
        this.versions = Objects.requireNonNull(versions, "versions");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.deployDialog = Objects.requireNonNull(deployDialog, "deployDialog");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
    }

    /** Opens the two selected history rows side by side (older on the left); says so when not exactly two. */
    public void compareSelected() {
        List<IterationItemViewModel> selected = List.copyOf(lab.history().selected());
        if (selected.size() != 2) {
            lab.inform("Select two iterations in the history to compare them (" + selected.size() + " selected)");
            return;
        }
        IterationView a = selected.get(0).iteration();
        IterationView b = selected.get(1).iteration();
        boolean aFirst = a.createdAt() == null || b.createdAt() == null || !a.createdAt().isAfter(b.createdAt());
        compare.openInDialog(aFirst ? a : b, aFirst ? b : a);
    }

    /**
     * Asks for two versions of the function (the one before the selected and the selected, by default) and runs
     * both over the open data set; {@link #comparingVersionsProperty()} turns true so the view shows the comparison.
     */
    public void compareVersions() {
        FunctionItemViewModel function = lab.functionProperty().get();
        if (function == null || lab.versions().size() < 2) {
            lab.inform("Compare versions needs a function with two versions or more");
            return;
        }
        if (lab.data().dataSetProperty().get() == null) {
            lab.inform("Open a data set in the data pane first: both versions run over its rows");
            return;
        }
        List<String> numbers = lab.versions().stream().map(v -> Integer.toString(v.number())).toList();
        VersionItemViewModel selected = lab.versionProperty().get();
        int right = selected != null ? selected.number() : lab.versions().get(0).number();
        int left = lab.versions().stream().mapToInt(VersionItemViewModel::number).filter(n -> n < right).max()
                .orElse(lab.versions().stream().mapToInt(VersionItemViewModel::number).filter(n -> n != right)
                        .findFirst().orElse(right));
        String dataSet = lab.data().dataSetProperty().get().name();
        Optional<Map<String, String>> answer = dialogs.show(new FormRequest("Compare two versions",
                "Both versions run over every row of the data set " + dataSet + " (two batches, R&D tokens).",
                List.of(FormRequest.Field.choice("a", "Version A", Integer.toString(left), numbers),
                        FormRequest.Field.choice("b", "Version B", Integer.toString(right), numbers)),
                PromptLabActions::versionProblems, "Run both"));
        if (answer.isEmpty()) {
            return;
        }
        comparingVersions.set(true);
        versions.start(function.name(), Integer.parseInt(answer.get().get("a")),
                Integer.parseInt(answer.get().get("b")), dataSet, null);
    }

    /** Two different versions. */
    public static Map<String, String> versionProblems(Map<String, String> values) {
        Map<String, String> problems = new HashMap<>();
        String a = values.getOrDefault("a", "");
        String b = values.getOrDefault("b", "");
        if (a.isBlank()) {
            problems.put("a", "required");
        }
        if (b.isBlank()) {
            problems.put("b", "required");
        }
        if (!a.isBlank() && a.equals(b)) {
            problems.put("b", "choose another version than A");
        }
        return problems;
    }

    /** Hides the version comparison (cancelling its batches when they still run). */
    public void closeVersionComparison() {
        if (versions.runningProperty().get()) {
            versions.cancel();
        }
        comparingVersions.set(false);
    }

    /** Opens the deploy dialog for the selected version; refreshes approvals and the function when it deployed. */
    public void deploy() {
        FunctionItemViewModel function = lab.functionProperty().get();
        VersionItemViewModel version = lab.versionProperty().get();
        LabStatus status = lab.statusProperty().get();
        if (function == null || version == null) {
            lab.inform("Select a version to deploy");
            return;
        }
        if (status == null) {
            lab.inform("The Prompt Lab status has not loaded yet: try again in a moment");
            return;
        }
        boolean deployed = dialogs.show(deployDialog.request(function.name(), version.number(), status))
                .orElse(false);
        if (deployed) {
            lab.inform("v" + version.number() + " of " + function.name() + " deployed: see Approvals for its state");
            approvals.load();
            lab.search();
        }
    }

    /** Loads the approvals list (when its tab is shown). */
    public void showApprovals() {
        approvals.load();
    }

    public CompareViewModel compare() {
        return compare;
    }

    public VersionComparisonViewModel versionComparison() {
        return versions;
    }

    public ApprovalsViewModel approvals() {
        return approvals;
    }

    /** True while the version comparison is shown. */
    public ReadOnlyBooleanProperty comparingVersionsProperty() {
        return comparingVersions.getReadOnlyProperty();
    }
}
