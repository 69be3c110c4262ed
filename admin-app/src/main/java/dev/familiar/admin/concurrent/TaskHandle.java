package dev.familiar.admin.concurrent;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One piece of background work started through a {@link TaskScope}: its title, progress and state for the UI, and
 * {@link #cancel()}. Once cancelled, its result (or failure) is dropped by the framework: no screen ever sees a late
 * answer of work it no longer waits for. Properties change on the UI thread only.
 */
public final class TaskHandle {
    /** Where the task is. */
    public enum State { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final String title;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Thread> worker = new AtomicReference<>();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.RUNNING);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private Runnable onEnd = () -> { };

    TaskHandle(String title) {
        this.title = title;
        this.message.set(title);
    }

    public String title() {
        return title;
    }

    /**
     * Cancels the task: its callbacks will not run, its {@link Progress#isCancelled()} turns true and its worker
     * thread is interrupted (a blocking call may end early). Idempotent; does nothing once the task has ended.
     * Call on the UI thread.
     */
    public void cancel() {
        if (state.get() != State.RUNNING || !cancelled.compareAndSet(false, true)) {
            return;
        }
        Thread thread = worker.get();
        if (thread != null) {
            thread.interrupt();
        }
        end(State.CANCELLED);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public State state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** 0..1 once the work reports an amount; -1 (indeterminate) before. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The latest message of the work, its title before it has said anything. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    void onEnd(Runnable action) {
        this.onEnd = action;
    }

    void runningOn(Thread thread) {
        worker.set(thread);
    }

    void finishedRunning() {
        worker.set(null);
        Thread.interrupted(); // a cancel that raced the end must not leave the pooled thread interrupted
    }

    void report(double fraction, String text) {
        if (state.get() != State.RUNNING) {
            return;
        }
        if (fraction >= 0) {
            progress.set(Math.min(1, fraction));
        }
        if (text != null) {
            message.set(text);
        }
    }

    void end(State finalState) {
        if (state.get() != State.RUNNING && finalState != State.CANCELLED) {
            return;
        }
        state.set(finalState);
        if (finalState == State.SUCCEEDED) {
            progress.set(1);
        }
        onEnd.run();
    }
}
