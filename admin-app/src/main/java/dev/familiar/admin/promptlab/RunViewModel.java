package dev.familiar.admin.promptlab;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.IterationRequest;
import dev.familiar.model.prompt.IterationView;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The output pane without its nodes: one iteration run with its output streamed (each piece of text appended on the
 * UI thread as it arrives, then the stored iteration's tokens, cost, latency and status), with Cancel; and a data set
 * run as a batch (started on the server, then polled for progress, with Cancel asking the server to stop).
 *
 * <p>Streamed text reaches the UI through {@code ui} ({@code Platform::runLater} in the console); pieces of a run that
 * was cancelled or replaced are dropped there, as the task scope drops its result. UI thread only.
 */
public final class RunViewModel {
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final Supplier<PromptLabApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Executor ui;
    private final Duration pollInterval;

    private final ReadOnlyStringWrapper output = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Not run yet");
    private final ReadOnlyStringWrapper figures = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper dryRun = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<IterationView> last = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<BatchView> batch = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper batchRunning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper batchProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper batchMessage = new ReadOnlyStringWrapper("");
    private TaskHandle run;
    private TaskHandle poll;
    private Runnable batchEnded = () -> { };

    public RunViewModel(Supplier<PromptLabApi> api, TaskScope tasks, DialogService dialogs, Executor ui,
                        Duration pollInterval) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    // ---- one iteration ----

    /**
     * Runs {@code request} with its output streamed; once stored, shows its figures and hands it to {@code stored}
     * (the history). A run still going is cancelled first.
     */
    public void run(IterationRequest request, Consumer<IterationView> stored) {
        cancel();
        output.set("");
        figures.set("");
        dryRun.set(false);
        last.set(null);
        running.set(true);
        status.set("Running " + request.function() + " v" + request.version() + "…");
        TaskHandle[] self = new TaskHandle[1];
        self[0] = tasks.run("Running " + request.function() + " v" + request.version(), progress -> {
            long[] received = {0};
            return api.get().runStreaming(request, delta -> {
                received[0] += delta.length();
                progress.message("Receiving the output: " + received[0] + " characters");
                ui.execute(() -> {
                    if (run == self[0] && !self[0].isCancelled()) {
                        output.set(output.get() + delta);
                    }
                });
            });
        }, iteration -> {
            running.set(false);
            run = null;
            show(iteration);
            stored.accept(iteration);
        }, failure -> {
            running.set(false);
            run = null;
            status.set("Failed: " + dev.familiar.admin.dialogs.ErrorReport.of(failure).message());
            dialogs.show(ErrorRequest.of("Could not run " + request.function() + " v" + request.version(), failure));
        });
        run = self[0];
    }

    private void show(IterationView iteration) {
        last.set(iteration);
        dryRun.set(iteration.dryRun());
        // the stored output is the one of record: it replaces the pieces streamed
        output.set(iteration.output() == null ? "" : iteration.output());
        String provider = iteration.provider() == null ? "" : " · " + iteration.provider()
                + (iteration.model() == null ? "" : " " + iteration.model());
        status.set("FAILED".equals(iteration.status())
                ? "FAILED: " + (iteration.error() == null ? "no output" : iteration.error()) + provider
                : iteration.status() + provider);
        figures.set(LabFormat.tokens(iteration.promptTokens(), iteration.completionTokens()) + " · "
                + LabFormat.cost(iteration.cost(), iteration.currency()) + " · "
                + LabFormat.latency(iteration.latencyMs()));
    }

    /** Stops the run in flight: its output so far stays, nothing more is appended, its answer is dropped. */
    public void cancel() {
        TaskHandle current = run;
        if (current == null) {
            return;
        }
        run = null;
        current.cancel();
        running.set(false);
        status.set("Cancelled");
    }

    // ---- a batch ----

    /**
     * Starts {@code request} on the server and follows it until it ends; then calls {@code ended} (the history
     * reloads). A batch is followed until it ends or Cancel is pressed.
     */
    public void startBatch(BatchRequest request, Runnable ended) {
        if (batchRunning.get()) {
            return;
        }
        batchEnded = Objects.requireNonNull(ended, "ended");
        batchRunning.set(true);
        batchProgress.set(0);
        batchMessage.set("Starting a batch over " + request.dataSet() + "…");
        poll = tasks.run("Starting a batch over " + request.dataSet(), progress -> api.get().startBatch(request),
                this::follow, failure -> {
                    batchRunning.set(false);
                    batchMessage.set("The batch did not start");
                    dialogs.show(ErrorRequest.of("Could not start a batch over " + request.dataSet(), failure));
                });
    }

    private void follow(BatchView view) {
        showBatch(view);
        if (!"RUNNING".equals(view.status())) {
            endBatch();
            return;
        }
        poll = tasks.run("Batch over " + view.dataSet(), progress -> {
            progress.update(view.done(), view.total(), "Batch over " + view.dataSet() + ": " + view.done() + " of "
                    + view.total());
            if (!pollInterval.isZero()) {
                Thread.sleep(pollInterval.toMillis());
            }
            progress.checkCancelled();
            return api.get().batch(view.id());
        }, this::follow, failure -> {
            batchRunning.set(false);
            batchMessage.set("Lost track of the batch: " + dev.familiar.admin.dialogs.ErrorReport.of(failure).message());
            dialogs.show(ErrorRequest.of("Could not follow the batch over " + view.dataSet(), failure));
        });
    }

    /** Asks the server to stop the batch after the row in flight, and stops following it. */
    public void cancelBatch() {
        BatchView current = batch.get();
        if (!batchRunning.get() || current == null) {
            return;
        }
        if (poll != null) {
            poll.cancel();
        }
        batchMessage.set("Cancelling the batch…");
        poll = tasks.run("Cancelling the batch over " + current.dataSet(), progress -> api.get()
                .cancelBatch(current.id()), view -> {
                    showBatch(view);
                    endBatch();
                }, failure -> {
                    batchRunning.set(false);
                    dialogs.show(ErrorRequest.of("Could not cancel the batch over " + current.dataSet(), failure));
                });
    }

    private void showBatch(BatchView view) {
        batch.set(view);
        batchProgress.set(view.total() <= 0 ? 0 : (double) view.done() / view.total());
        StringBuilder text = new StringBuilder();
        text.append("Batch over ").append(view.dataSet()).append(": ").append(view.status().toLowerCase(
                java.util.Locale.ROOT)).append(", ").append(view.done()).append(" of ").append(view.total())
                .append(" rows");
        if (view.failed() > 0) {
            text.append(", ").append(view.failed()).append(" failed");
        }
        text.append(" · ").append(LabFormat.tokens(view.promptTokens(), view.completionTokens())).append(" · ")
                .append(LabFormat.cost(view.cost(), null));
        if (view.error() != null && !view.error().isBlank()) {
            text.append(" · ").append(view.error());
        }
        batchMessage.set(text.toString());
    }

    private void endBatch() {
        batchRunning.set(false);
        poll = null;
        batchEnded.run();
    }

    // ---- properties ----

    /** The output so far (streamed), then the stored output. */
    public ReadOnlyStringProperty outputProperty() {
        return output.getReadOnlyProperty();
    }

    /** "Running…", "SUCCEEDED · echo", "FAILED: …", "Cancelled". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "12 + 30 tokens · 0.0004 USD · 340 ms" once stored. */
    public ReadOnlyStringProperty figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Whether the last iteration was answered by the echo provider (the "dry-run" badge). */
    public ReadOnlyBooleanProperty dryRunProperty() {
        return dryRun.getReadOnlyProperty();
    }

    /** The last stored iteration, or null. */
    public ReadOnlyObjectProperty<IterationView> lastProperty() {
        return last.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<BatchView> batchProperty() {
        return batch.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty batchRunningProperty() {
        return batchRunning.getReadOnlyProperty();
    }

    /** 0..1: rows done of the batch's total. */
    public ReadOnlyDoubleProperty batchProgressProperty() {
        return batchProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty batchMessageProperty() {
        return batchMessage.getReadOnlyProperty();
    }
}
