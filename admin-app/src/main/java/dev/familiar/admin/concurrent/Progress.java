package dev.familiar.admin.concurrent;

import java.util.concurrent.CancellationException;

/** What background work sees of its own task: where to report progress, and whether it was cancelled. */
public interface Progress {

    /** {@code done} of {@code total} steps, with a short message for the status bar (null keeps the last one). */
    void update(long done, long total, String message);

    /** A message without a measurable amount (the bar stays indeterminate). */
    void message(String message);

    /** True once the task was cancelled (by the operator, or because its screen was left). */
    boolean isCancelled();

    /** Throws {@link CancellationException} when cancelled: long loops call it between steps. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
