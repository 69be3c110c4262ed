package dev.familiar.admin.concurrent;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every task running in any {@link TaskScope} of the console, for the status bar: the newest one's message and
 * progress, and a Cancel button that cancels it. UI thread only.
 */
public final class ActivityMonitor {
    private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<TaskHandle> latest = new ReadOnlyObjectWrapper<>();

    void started(TaskHandle handle) {
        running.add(handle);
        latest.set(handle);
    }

    void ended(TaskHandle handle) {
        running.remove(handle);
        latest.set(running.isEmpty() ? null : running.get(running.size() - 1));
    }

    /** The most recently started task still running, or null. */
    public ReadOnlyObjectProperty<TaskHandle> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    public ObservableList<TaskHandle> running() {
        return FXCollections.unmodifiableObservableList(running);
    }

    /** Cancels the most recent task (the status bar's Cancel button). */
    public void cancelLatest() {
        TaskHandle handle = latest.get();
        if (handle != null) {
            handle.cancel();
        }
    }
}
