package dev.familiar.admin.promptlab.compare;

import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.dialogs.ErrorRequest;
import dev.familiar.model.prompt.BatchRequest;
import dev.familiar.model.prompt.BatchView;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Two versions of a function run over the same data set and compared row by row: {@link #start} starts one batch
 * per version, polls both (a progress bar each) until both have ended, then loads every row's two iterations into
 * {@link #rows()} with {@link #totalsProperty() totals}. {@link #cancel()} stops the polling and asks the server to
 * cancel both batches; the rows run so far are still compared. Any row with both sides can be opened in the
 * iteration diff ({@link #open}). UI thread only.
 */
public final class VersionComparisonViewModel {
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final Supplier<CompareApi> api;
    private final TaskScope tasks;
    private final DialogService dialogs;
    private final Duration pollInterval;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper leftProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper rightProgress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper leftProgressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rightProgressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Choose two versions and a data set");
    private final ObservableList<ComparisonRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ComparisonTotals> totals = new ReadOnlyObjectWrapper<>();

    private String dataSet;
    private BatchView left;
    private BatchView right;
    private TaskHandle current;

    public VersionComparisonViewModel(Supplier<CompareApi> api, TaskScope tasks, DialogService dialogs) {
        this(api, tasks, dialogs, POLL_INTERVAL);
    }

    VersionComparisonViewModel(Supplier<CompareApi> api, TaskScope tasks, DialogService dialogs,
                               Duration pollInterval) {
        this.api = Objects.requireNonNull(api, "api");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * Runs {@code versionA} (A, left) and {@code versionB} (B, right) of {@code function} over {@code dataSet}
     * with the versions' own settings ({@code settings} null) or an override for both. Ignored while a comparison
     * runs.
     */
    public void start(String function, int versionA, int versionB, String dataSet, PromptSettings settings) {
        if (running.get()) {
            return;
        }
        Objects.requireNonNull(function, "function");
        this.dataSet = Objects.requireNonNull(dataSet, "dataSet");
        rows.clear();
        totals.set(null);
        left = null;
        right = null;
        leftProgress.set(0);
        rightProgress.set(0);
        leftProgressText.set("A: v" + versionA + " starting…");
        rightProgressText.set("B: v" + versionB + " starting…");
        running.set(true);
        message.set("Running v" + versionA + " and v" + versionB + " over " + dataSet + "…");
        current = tasks.run("Starting two batches over " + dataSet, progress -> {
            CompareApi server = api.get();
            BatchView a = server.startBatch(new BatchRequest(function, versionA, dataSet, settings));
            try {
                return new BatchView[] {a, server.startBatch(new BatchRequest(function, versionB, dataSet, settings))};
            } catch (RuntimeException e) {
                cancelQuietly(server, a.id()); // half a comparison is worth nothing: stop A too
                throw e;
            }
        }, started -> {
            show(started[0], started[1]);
            poll();
        }, failure -> fail("Could not start the batches", failure));
    }

    /** Stops polling, asks the server to cancel both batches, then compares the rows run so far. */
    public void cancel() {
        if (!running.get() || left == null || right == null) {
            if (current != null) {
                current.cancel();
            }
            running.set(false);
            message.set("Cancelled");
            return;
        }
        if (current != null) {
            current.cancel();
        }
        String leftId = left.id();
        String rightId = right.id();
        message.set("Cancelling both batches…");
        current = tasks.run("Cancelling two batches", progress -> {
            CompareApi server = api.get();
            return new BatchView[] {server.cancelBatch(leftId), server.cancelBatch(rightId)};
        }, now -> {
            show(now[0], now[1]);
            loadRows(" (cancelled)");
        }, failure -> fail("Could not cancel the batches", failure));
    }

    /** Opens {@code row}'s two iterations in the iteration diff (a window of its own). */
    public void open(ComparisonRow row) {
        if (row == null || !row.canOpen()) {
            message.set(row == null ? "Select a row" : "Row " + row.labelText() + " was not run by both versions");
            return;
        }
        tasks.run("Comparing " + row.labelText(), progress -> CompareViewModel.load(api.get(), row.left(),
                        row.right()),
                comparison -> dialogs.show(new IterationDiffRequest(comparison)),
                failure -> dialogs.show(ErrorRequest.of("Could not compare " + row.labelText(), failure)));
    }

    private void poll() {
        String leftId = left.id();
        String rightId = right.id();
        current = tasks.run("Comparing two versions over " + dataSet, progress -> {
            if (!pollInterval.isZero()) {
                Thread.sleep(pollInterval.toMillis());
            }
            progress.checkCancelled();
            CompareApi server = api.get();
            BatchView a = server.batch(leftId);
            BatchView b = server.batch(rightId);
            progress.update(a.done() + b.done(), a.total() + b.total(), null);
            return new BatchView[] {a, b};
        }, now -> {
            show(now[0], now[1]);
            if (ended(now[0]) && ended(now[1])) {
                loadRows("");
            } else {
                poll();
            }
        }, failure -> fail("Could not follow the batches", failure));
    }

    private void loadRows(String suffix) {
        BatchView a = left;
        BatchView b = right;
        String name = dataSet;
        message.set("Loading the rows of both batches…");
        current = tasks.run("Loading the compared rows", progress -> {
            CompareApi server = api.get();
            List<DataSetRow> dataRows = labels(server, name);
            int count = Math.max(Math.max(a.iterationIds().size(), b.iterationIds().size()), dataRows.size());
            int total = a.iterationIds().size() + b.iterationIds().size();
            List<ComparisonRow> loaded = new ArrayList<>();
            int done = 0;
            for (int i = 0; i < count; i++) {
                progress.checkCancelled();
                IterationView x = i < a.iterationIds().size() ? server.iteration(a.iterationIds().get(i)) : null;
                IterationView y = i < b.iterationIds().size() ? server.iteration(b.iterationIds().get(i)) : null;
                done += (x == null ? 0 : 1) + (y == null ? 0 : 1);
                progress.update(done, total, null);
                loaded.add(new ComparisonRow(i, i < dataRows.size() ? dataRows.get(i).label() : null, x, y));
            }
            return loaded;
        }, loaded -> {
            rows.setAll(loaded);
            totals.set(ComparisonTotals.of(loaded));
            running.set(false);
            message.set("v" + a.version() + " and v" + b.version() + " over " + name + ": " + loaded.size()
                    + " rows compared" + suffix + ending(a, "A") + ending(b, "B"));
        }, failure -> fail("Could not load the compared rows", failure));
    }

    /** The data set's rows for their labels; none when it cannot be read (rows are then numbered). */
    private static List<DataSetRow> labels(CompareApi server, String name) {
        try {
            DataSetView view = server.dataSet(name);
            return view == null || view.rows() == null ? List.of() : view.rows();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void show(BatchView a, BatchView b) {
        left = a;
        right = b;
        leftProgress.set(fraction(a));
        rightProgress.set(fraction(b));
        leftProgressText.set(progressText("A", a));
        rightProgressText.set(progressText("B", b));
    }

    private void fail(String title, Throwable failure) {
        running.set(false);
        message.set(title);
        dialogs.show(ErrorRequest.of(title, failure));
    }

    private static void cancelQuietly(CompareApi server, String batchId) {
        try {
            server.cancelBatch(batchId);
        } catch (RuntimeException ignored) {
            // the start failure is what the operator must read
        }
    }

    static boolean ended(BatchView batch) {
        return !"RUNNING".equals(batch.status());
    }

    private static double fraction(BatchView batch) {
        return batch.total() <= 0 ? (ended(batch) ? 1 : 0) : Math.min(1, (double) batch.done() / batch.total());
    }

    /** "A: v3 12 / 100 rows, 1 failed (RUNNING)". */
    static String progressText(String side, BatchView batch) {
        return side + ": v" + batch.version() + " " + batch.done() + " / " + batch.total() + " rows, " + batch.failed()
                + " failed (" + batch.status() + ")"
                + (batch.error() == null || batch.error().isBlank() ? "" : ": " + batch.error());
    }

    /** "; A ended FAILED: budget exceeded" for a batch that did not complete. */
    private static String ending(BatchView batch, String side) {
        if ("COMPLETED".equals(batch.status()) || "CANCELLED".equals(batch.status())) {
            return "";
        }
        return "; " + side + " ended " + batch.status()
                + (batch.error() == null || batch.error().isBlank() ? "" : ": " + batch.error());
    }

    // ---- properties ----

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** A's progress, 0..1. */
    public ReadOnlyDoubleProperty leftProgressProperty() {
        return leftProgress.getReadOnlyProperty();
    }

    /** B's progress, 0..1. */
    public ReadOnlyDoubleProperty rightProgressProperty() {
        return rightProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty leftProgressTextProperty() {
        return leftProgressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rightProgressTextProperty() {
        return rightProgressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The compared rows, in data set order (empty until both batches have ended or were cancelled). */
    public ObservableList<ComparisonRow> rows() {
        return rows;
    }

    /** The totals of {@link #rows()}, null before they are loaded. */
    public ReadOnlyObjectProperty<ComparisonTotals> totalsProperty() {
        return totals.getReadOnlyProperty();
    }
}
