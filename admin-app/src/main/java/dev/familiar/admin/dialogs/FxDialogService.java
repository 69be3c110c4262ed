package dev.familiar.admin.dialogs;

import atlantafx.base.theme.Styles;
import dev.familiar.admin.connection.ConnectDialogView;
import dev.familiar.admin.connection.ConnectDialogViewModel;
import dev.familiar.admin.connection.ConnectionSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The JavaFX {@link DialogService}: each request type is shown by the renderer registered for it (the generic ones
 * here; features register their own with {@link #register}). Dialogs are owned by the main window, so Esc closes them
 * and they stay on top of it.
 */
public final class FxDialogService implements DialogService {
    /** Shows one kind of request. */
    @FunctionalInterface
    public interface Renderer<Q extends DialogRequest<R>, R> {
        Optional<R> show(Q request, Window owner);
    }

    private final Window owner;
    private final Map<Class<?>, Renderer<?, ?>> renderers = new HashMap<>();
    /** Makes the connect dialog's "Sign in with Microsoft" (null: not offered). */
    private final java.util.function.Supplier<dev.familiar.admin.connection.entra.MicrosoftSignInViewModel> microsoft;

    public FxDialogService(Window owner) {
        this(owner, null);
    }

    public FxDialogService(Window owner,
                           java.util.function.Supplier<dev.familiar.admin.connection.entra.MicrosoftSignInViewModel> microsoft) {
        this.owner = owner;
        this.microsoft = microsoft;
        register(ConnectRequest.class, this::connect);
        register(ErrorRequest.class, FxDialogService::error);
        register(CopyableTextRequest.class, FxDialogService::copyable);
        register(ConfirmRequest.class, FxDialogService::confirm);
        register(FormRequest.class, (request, window) -> new FormDialog(request, window).ask());
    }

    /** Shows requests of {@code type} with {@code renderer} (a feature's own dialogs). */
    public <Q extends DialogRequest<R>, R> void register(Class<Q> type, Renderer<Q, R> renderer) {
        renderers.put(type, renderer);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> Optional<R> show(DialogRequest<R> request) {
        Renderer<DialogRequest<R>, R> renderer = (Renderer<DialogRequest<R>, R>) renderers.get(request.getClass());
        if (renderer == null) {
            throw new IllegalArgumentException("No dialog for " + request.getClass().getSimpleName());
        }
        return renderer.show(request, owner);
    }

    private Optional<ConnectionSettings> connect(ConnectRequest request, Window owner) {
        ConnectDialogViewModel viewModel = new ConnectDialogViewModel(request.suggestedUrl(),
                microsoft == null ? null : microsoft.get());
        ConnectDialogView dialog = new ConnectDialogView(viewModel);
        dialog.initOwner(owner);
        try {
            return dialog.showAndWait();
        } finally {
            viewModel.forgetSecrets(); // the settings carry the credential to the connect; the dialog keeps none
        }
    }

    /** An error alert; the server's request id sits in a read-only field with a Copy button. */
    private static Optional<Boolean> error(ErrorRequest request, Window owner) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(request.title());
        alert.setHeaderText(request.title());
        alert.getDialogPane().setId("errorDialog");
        Label message = new Label(request.message());
        message.setId("errorMessage");
        message.setWrapText(true);
        VBox content = new VBox(8, message);
        if (request.requestId() != null && !request.requestId().isBlank()) {
            TextField id = new TextField(request.requestId());
            id.setId("errorRequestId");
            id.setEditable(false);
            HBox.setHgrow(id, Priority.ALWAYS);
            Button copy = copyButton(request.requestId());
            copy.setId("copyRequestId");
            content.getChildren().add(new HBox(6, new Label("Request id"), id, copy));
        }
        content.setPrefWidth(480);
        alert.getDialogPane().setContent(content);
        alert.setResizable(true);
        alert.show();
        return Optional.empty();
    }

    /** Information whose text sits in a read-only text area with a Copy button; cleared once closed. */
    private static Optional<Boolean> copyable(CopyableTextRequest request, Window owner) {
        String text = request.text();
        TextArea area = new TextArea(text);
        area.setId("copyableText");
        area.setEditable(false);
        area.setWrapText(false);
        area.setStyle("-fx-font-family: monospace;");
        area.setPrefRowCount((int) Math.min(12, Math.max(3, text.lines().count())));
        area.setPrefColumnCount(70);
        Button copy = copyButton(text);
        copy.setId("copyText");
        VBox content = new VBox(8);
        if (request.message() != null && !request.message().isBlank()) {
            Label message = new Label(request.message());
            message.setWrapText(true);
            content.getChildren().add(message);
        }
        content.getChildren().addAll(area, copy);

        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle(request.title());
        alert.setHeaderText(request.title());
        alert.getDialogPane().setId("copyableInformationDialog");
        alert.getDialogPane().setContent(content);
        alert.setResizable(true);
        alert.setOnShown(event -> {
            area.requestFocus();
            area.selectAll();
        });
        alert.setOnHidden(event -> area.clear()); // keep no copy once the operator has closed it
        alert.show();
        return Optional.empty();
    }

    private static Optional<Boolean> confirm(ConfirmRequest request, Window owner) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(owner);
        alert.setTitle(request.title());
        alert.setHeaderText(request.header());
        alert.getDialogPane().setId("confirmDialog");
        Label details = new Label(String.join("\n", request.lines()));
        details.setId("confirmDetails");
        details.setWrapText(true);
        details.setMinWidth(420);
        alert.getDialogPane().setContent(details);
        ButtonType confirm = new ButtonType(request.confirmText(), ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        Button confirmButton = (Button) alert.getDialogPane().lookupButton(confirm);
        confirmButton.setId("confirmButton");
        if (request.destructive()) {
            confirmButton.getStyleClass().add(Styles.DANGER);
            confirmButton.setDefaultButton(false); // Enter must not do what cannot be undone
        }
        return alert.showAndWait().filter(confirm::equals).map(button -> Boolean.TRUE);
    }

    static Button copyButton(String text) {
        Button copy = new Button("Copy");
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        return copy;
    }
}
