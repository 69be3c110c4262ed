package dev.familiar.admin.dialogs;

import dev.familiar.admin.connection.ConnectDialogView;
import dev.familiar.admin.connection.ConnectDialogViewModel;
import dev.familiar.admin.connection.ConnectionSettings;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.stage.Window;

/** The JavaFX {@link DialogService}: dialogs are owned by the main window. */
public final class FxDialogService implements DialogService {
    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<ConnectionSettings> showConnectDialog(String suggestedUrl) {
        ConnectDialogView dialog = new ConnectDialogView(new ConnectDialogViewModel(suggestedUrl));
        dialog.initOwner(owner);
        return dialog.showAndWait();
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.show();
    }
}
