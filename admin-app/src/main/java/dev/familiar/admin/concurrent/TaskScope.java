package dev.familiar.admin.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * The background work of one screen (or of the shell): each {@link #run} returns a {@link TaskHandle} that can be
 * cancelled and reports progress; {@link #cancelAll()} ends every running task of the scope, and the framework calls
 * it when the screen is left or the connection changes. Results of cancelled tasks are dropped here, so view models
 * need no hand-kept counters to ignore late answers. Every task is also shown in the {@link ActivityMonitor} (the
 * status bar's progress and Cancel button).
 *
 * <p>Not thread-safe: call on the UI thread; the executor brings results back to it.
 */
public final class TaskScope {
    private final BackgroundExecutor executor;
    private final ActivityMonitor monitor;
    private final List<TaskHandle> running = new ArrayList<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);

    public TaskScope(BackgroundExecutor executor, ActivityMonitor monitor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /**
     * Runs {@code work} in the background; then, unless the task was cancelled meanwhile, {@code onSuccess} or
     * {@code onFailure} on the UI thread.
     */
    public <T> TaskHandle run(String title, Work<T> work, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        TaskHandle handle = new TaskHandle(title);
        running.add(handle);
        busy.set(true);
        handle.onEnd(() -> {
            running.remove(handle);
            busy.set(!running.isEmpty());
            monitor.ended(handle);
        });
        monitor.started(handle);
        Progress progress = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                double fraction = total <= 0 ? -1 : (double) Math.max(0, done) / total;
                executor.onUi(() -> handle.report(fraction, message));
            }

            @Override
            public void message(String message) {
                executor.onUi(() -> handle.report(-1, message));
            }

            @Override
            public boolean isCancelled() {
                return handle.isCancelled();
            }
        };
        executor.submit(() -> {
            handle.runningOn(Thread.currentThread());
            try {
                return work.run(progress);
            } finally {
                handle.finishedRunning();
            }
        }, result -> {
            if (!handle.isCancelled()) {
                handle.end(TaskHandle.State.SUCCEEDED);
                onSuccess.accept(result);
            }
        }, failure -> {
            if (!handle.isCancelled()) {
                handle.end(TaskHandle.State.FAILED);
                onFailure.accept(failure);
            }
        });
        return handle;
    }

    /** Cancels every running task of this scope; their results are dropped. */
    public void cancelAll() {
        for (TaskHandle handle : List.copyOf(running)) {
            handle.cancel();
        }
    }

    /** True while a task of this scope runs (screens show a spinner, disable their buttons). */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public int runningCount() {
        return running.size();
    }
}
