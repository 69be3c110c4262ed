package dev.familiar.admin.dialogs;

import dev.familiar.admin.connection.ConnectionSettings;
import java.util.Optional;

/**
 * Every dialog the console shows goes through here, so view models can ask for one without a screen
 * (tests pass a fake). {@link FxDialogService} is the JavaFX implementation.
 */
public interface DialogService {

    /**
     * Asks for the address and credential of a remote server (blocks until the dialog closes).
     *
     * @param suggestedUrl the address to prefill, may be empty
     * @return the settings to connect with, or empty when the operator cancelled
     */
    Optional<ConnectionSettings> showConnectDialog(String suggestedUrl);

    /** Shows an error without waiting for the operator to dismiss it. */
    void showError(String title, String message);

    /**
     * Shows information the operator has to copy now (such as a one-time password) as selectable text,
     * without waiting for the operator to dismiss it. The text is neither logged nor kept once the
     * dialog closes.
     */
    void showCopyableInformation(String title, String text);
}
