package dev.familiar.admin.directory;

/**
 * Runs an action once input has settled: each {@link #run} replaces the pending action and restarts the wait, so
 * typing "pro" then "prompt" asks the server once. {@link FxDebouncer} waits on the JavaFX timeline; tests fire the
 * pending action by hand. UI thread only.
 */
public interface Debouncer {

    /** Runs {@code action} on the UI thread after the quiet period, unless {@link #run} or {@link #cancel} comes first. */
    void run(Runnable action);

    /** Forgets the pending action. */
    void cancel();
}
