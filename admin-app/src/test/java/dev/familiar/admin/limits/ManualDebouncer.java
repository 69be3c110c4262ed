package dev.familiar.admin.limits;

import dev.familiar.admin.directory.Debouncer;

/** A {@link Debouncer} whose quiet period ends when the test says so ({@link #elapse()}). */
final class ManualDebouncer implements Debouncer {
    private Runnable pending;

    @Override
    public void run(Runnable action) {
        pending = action;
    }

    @Override
    public void cancel() {
        pending = null;
    }

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
}
