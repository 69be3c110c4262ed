package dev.familiar.admin.dialogs;

/**
 * A dialog a view model asks for, as data: {@link DialogService#show(DialogRequest)} answers its result {@code R}.
 * Each feature defines its own request records (or uses the generic ones here: {@link ConfirmRequest},
 * {@link FormRequest}, {@link ErrorRequest}, {@link CopyableTextRequest}); the JavaFX side renders each request type
 * with a renderer registered on {@link FxDialogService}, and tests answer them with a fake.
 *
 * @param <R> what the dialog answers when the operator completes it
 */
public interface DialogRequest<R> {

    /** The window title. */
    String title();
}
