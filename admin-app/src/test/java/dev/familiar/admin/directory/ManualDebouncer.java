package dev.familiar.admin.directory;

/** A {@link Debouncer} whose quiet period ends when the test says so ({@link #elapse()}). */
final class ManualDebouncer implements Debouncer {
    private Runnable pending;
    private int restarts;

    @Override
    public void run(Runnable action) {
        pending = action;
        restarts++;
    }

    @Override
    public void cancel() {
        pending = null;
    }

    /** The quiet period ends: the pending action runs (if any). */
    void elapse() {
        Runnable action = pending;
        pending = null;
        if (action != null) {
            action.run();
        }
    }

    boolean hasPending() {
        return pending != null;
    }

    int restarts() {
        return restarts;
    }
}
