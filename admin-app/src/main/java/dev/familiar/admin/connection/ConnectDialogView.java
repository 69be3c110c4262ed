package dev.familiar.admin.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import dev.familiar.admin.connection.entra.MicrosoftSignInViewModel;
import javafx.beans.binding.BooleanExpression;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;

/** The "Connect to a remote server" dialog; it only binds to its {@link ConnectDialogViewModel}. */
public final class ConnectDialogView extends Dialog<ConnectionSettings> {
    static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

    private final ConnectDialogViewModel viewModel;

    @FXML private TextField urlField;
    @FXML private ToggleGroup authGroup;
    @FXML private RadioButton noCredentialRadio;
    @FXML private RadioButton usernamePasswordRadio;
    @FXML private RadioButton apiKeyRadio;
    @FXML private TextField usernameField;
    @FXML private PasswordField passwordField;
    @FXML private PasswordField apiKeyField;
    @FXML private Label problemLabel;
    @FXML private RadioButton microsoftRadio;
    @FXML private Label microsoftLabel;
    @FXML private VBox microsoftBox;
    @FXML private Button microsoftSignInButton;
    @FXML private Button cancelMicrosoftButton;
    @FXML private ProgressIndicator microsoftProgress;
    @FXML private Label microsoftStatus;
    @FXML private TextField deviceCodeField;

    public ConnectDialogView(ConnectDialogViewModel viewModel) {
        this.viewModel = viewModel;
        FXMLLoader loader = new FXMLLoader(ConnectDialogView.class.getResource("ConnectDialogView.fxml"));
        loader.setController(this);
        DialogPane pane;
        try {
            pane = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("ConnectDialogView.fxml is missing or broken", e);
        }
        setTitle("Connect to a remote server");
        setDialogPane(pane);
        pane.getButtonTypes().setAll(CONNECT, ButtonType.CANCEL);
        Node connectButton = pane.lookupButton(CONNECT);
        connectButton.setId("connectButton");
        connectButton.disableProperty().bind(viewModel.validProperty().not());
        setResultConverter(button -> button == CONNECT ? viewModel.toSettings() : null);
        setOnShown(event -> {
            urlField.requestFocus();
            viewModel.checkServer();
        });
    }

    @FXML
    private void initialize() {
        urlField.textProperty().bindBidirectional(viewModel.urlProperty());
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        apiKeyField.textProperty().bindBidirectional(viewModel.apiKeyProperty());
        problemLabel.textProperty().bind(viewModel.problemProperty());

        noCredentialRadio.setUserData(ConnectDialogViewModel.AuthMethod.NONE);
        usernamePasswordRadio.setUserData(ConnectDialogViewModel.AuthMethod.USERNAME_PASSWORD);
        apiKeyRadio.setUserData(ConnectDialogViewModel.AuthMethod.API_KEY);
        select(viewModel.authMethodProperty().get());
        authGroup.selectedToggleProperty().addListener((obs, old, selected) -> {
            if (selected != null) {
                viewModel.authMethodProperty().set((ConnectDialogViewModel.AuthMethod) selected.getUserData());
            }
        });
        viewModel.authMethodProperty().addListener((obs, old, method) -> select(method));

        usernameField.disableProperty().bind(usernamePasswordRadio.selectedProperty().not());
        passwordField.disableProperty().bind(usernamePasswordRadio.selectedProperty().not());
        apiKeyField.disableProperty().bind(apiKeyRadio.selectedProperty().not());
        bindMicrosoft();
    }

    /** The Microsoft option shows only when the server said it takes Entra accounts. */
    private void bindMicrosoft() {
        microsoftRadio.setUserData(ConnectDialogViewModel.AuthMethod.MICROSOFT);
        urlField.focusedProperty().addListener((obs, was, focused) -> {
            if (!focused) {
                viewModel.checkServer();
            }
        });
        BooleanExpression offered = viewModel.microsoft().map(m -> (BooleanExpression) m.availableProperty())
                .orElse(BooleanExpression.booleanExpression(new javafx.beans.property.SimpleBooleanProperty(false)));
        for (Node node : new Node[] {microsoftRadio, microsoftLabel, microsoftBox}) {
            node.visibleProperty().bind(offered);
            node.managedProperty().bind(offered);
        }
        BooleanExpression chosen = microsoftRadio.selectedProperty();
        viewModel.microsoft().ifPresent(m -> {
            microsoftSignInButton.disableProperty().bind(chosen.not().or(m.busyProperty()));
            cancelMicrosoftButton.disableProperty().bind(m.busyProperty().not());
            microsoftProgress.visibleProperty().bind(m.busyProperty());
            microsoftStatus.textProperty().bind(m.statusProperty());
            deviceCodeField.textProperty().bind(m.deviceCodeProperty());
            deviceCodeField.visibleProperty().bind(m.deviceCodeProperty().isNotEmpty());
            deviceCodeField.managedProperty().bind(m.deviceCodeProperty().isNotEmpty());
        });
    }

    @FXML
    private void signInWithMicrosoft() {
        viewModel.signInWithMicrosoft();
    }

    @FXML
    private void cancelMicrosoft() {
        viewModel.microsoft().ifPresent(MicrosoftSignInViewModel::cancel);
    }

    private void select(ConnectDialogViewModel.AuthMethod method) {
        for (Toggle toggle : authGroup.getToggles()) {
            if (toggle.getUserData() == method) {
                authGroup.selectToggle(toggle);
            }
        }
    }
}
