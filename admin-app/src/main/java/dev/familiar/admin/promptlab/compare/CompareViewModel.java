package dev.familiar.admin.promptlab.compare;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptVersionView;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Two iterations compared: loads each one's version (for the template) in the background, then publishes the
 * {@link IterationComparison} that {@link CompareView} shows, or opens it in a window of its own
 * ({@link #openInDialog}). A comparison started while another loads replaces it. UI thread only.
 */
public final class CompareViewModel {
    private final Supplier<CompareApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final ReadOnlyObjectWrapper<IterationComparison> comparison = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Select two iterations to compare");
    private TaskHandle load;

    public CompareViewModel(Supplier<CompareApi> api, TaskScope tasks, DialogService dialogs) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
    }

    /** Compares {@code left} with {@code right} in {@link #comparisonProperty()}. */
    public void compare(IterationView left, IterationView right) {
        start(left, right, result -> {
            comparison.set(result);
            message.set(summary(result));
        });
    }

    /** Compares {@code left} with {@code right} in a window of its own ({@link IterationDiffRequest}). */
    public void openInDialog(IterationView left, IterationView right) {
        start(left, right, result -> dialogs.show(new IterationDiffRequest(result)));
    }

    private void start(IterationView left, IterationView right,
                       java.util.function.Consumer<IterationComparison> done) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        if (load != null) {
            load.cancel();
        }
        message.set("Loading the versions of both iterations…");
        load = tasks.run("Comparing two iterations", progress -> load(api.get(), left, right), done, failure -> {
            message.set("Could not compare the iterations");
            dialogs.show(ErrorRequest.of("Could not compare the iterations", failure));
        });
    }

    /**
     * The comparison of two iterations with their versions loaded (one call when they share one); a version the
     * server no longer knows (404) shows as "(version not available)". Blocking: call in the background.
     */
    public static IterationComparison load(CompareApi api, IterationView left, IterationView right) {
        PromptVersionView leftVersion = version(api, left);
        PromptVersionView rightVersion = left.function().equals(right.function()) && left.version() == right.version()
                ? leftVersion : version(api, right);
        return IterationComparison.of(left, leftVersion, right, rightVersion);
    }

    private static PromptVersionView version(CompareApi api, IterationView iteration) {
        try {
            return api.version(iteration.function(), iteration.version());
        } catch (ApiError e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** "Template, Output differ" or "Identical template, data, prompt and output". */
    static String summary(IterationComparison result) {
        java.util.List<String> differing = result.sections().stream().filter(s -> !s.identical())
                .map(IterationComparison.Section::name).toList();
        return differing.isEmpty() ? "Identical template, data, rendered prompt and output"
                : String.join(", ", differing) + " differ";
    }

    /** The comparison shown, null before the first. */
    public ReadOnlyObjectProperty<IterationComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
