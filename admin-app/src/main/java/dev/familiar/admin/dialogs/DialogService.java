package dev.familiar.admin.dialogs;

import java.util.Optional;

/**
 * Every dialog the console shows goes through this one call, so view models can ask for one without a screen
 * (tests pass a fake). {@link FxDialogService} is the JavaFX implementation.
 */
public interface DialogService {

    /**
     * Shows {@code request}. A question (connect, confirm, form) blocks until the operator answers and returns the
     * answer, or empty when cancelled; information (an error, a text to copy) is shown without waiting and returns
     * empty. Call on the UI thread.
     */
    <R> Optional<R> show(DialogRequest<R> request);
}
