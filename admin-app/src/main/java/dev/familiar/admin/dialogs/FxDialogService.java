package dev.familiar.admin.dialogs;

import dev.familiar.admin.connection.ConnectDialogView;
import dev.familiar.admin.connection.ConnectDialogViewModel;
import dev.familiar.admin.connection.ConnectionSettings;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.TextArea;
import javafx.stage.Window;

/** The JavaFX {@link DialogService}: dialogs are owned by the main window. */
public final class FxDialogService implements DialogService {
    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<ConnectionSettings> showConnectDialog(String suggestedUrl) {
        ConnectDialogViewModel viewModel = new ConnectDialogViewModel(suggestedUrl);
        ConnectDialogView dialog = new ConnectDialogView(viewModel);
        dialog.initOwner(owner);
        try {
            return dialog.showAndWait();
        } finally {
            viewModel.forgetSecrets(); // the settings carry the credential to the connect; the dialog keeps none
        }
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.show();
    }

    /** An information alert whose text sits in a read-only text area, so it can be selected and copied. */
    @Override
    public void showCopyableInformation(String title, String text) {
        TextArea area = new TextArea(text);
        area.setId("copyableText");
        area.setEditable(false);
        area.setWrapText(false);
        area.setStyle("-fx-font-family: monospace;");
        area.setPrefRowCount((int) Math.min(12, Math.max(3, text.lines().count())));
        area.setPrefColumnCount(70);

        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setId("copyableInformationDialog");
        alert.getDialogPane().setContent(area);
        alert.setResizable(true);
        alert.setOnShown(event -> {
            area.requestFocus();
            area.selectAll();
        });
        alert.setOnHidden(event -> area.clear()); // keep no copy once the operator has closed it
        alert.show();
    }
}
