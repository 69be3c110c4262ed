package dev.familiar.admin.shell;

import atlantafx.base.theme.Styles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.StatusBar;

/** The main window's content: menu, toolbar, welcome pane and status bar. Binds to {@link ShellViewModel}. */
public final class ShellView {
    private static final List<String> HEALTH_STYLES = List.of(Styles.SUCCESS, Styles.DANGER, Styles.WARNING);
    private static final List<String> BILLING_WARNING_STYLES =
            List.of(Styles.WARNING, Styles.TEXT_BOLD, Styles.BG_WARNING_SUBTLE);

    private final ShellViewModel viewModel;

    @FXML private MenuItem useEmbeddedMenuItem;
    @FXML private Button refreshButton;
    @FXML private Button connectRemoteButton;
    @FXML private StatusBar statusBar;
    @FXML private Label connectionLabel;
    @FXML private Label versionLabel;
    @FXML private Label healthLabel;
    @FXML private Separator billingSeparator;
    @FXML private Label billingModeLabel;
    @FXML private Label messageLabel;
    @FXML private Button cancelButton;

    public ShellView(ShellViewModel viewModel) {
        this.viewModel = viewModel;
    }

    public Parent load() {
        FXMLLoader loader = new FXMLLoader(ShellView.class.getResource("ShellView.fxml"));
        loader.setController(this);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("ShellView.fxml is missing or broken", e);
        }
    }

    @FXML
    private void initialize() {
        connectionLabel.textProperty().bind(viewModel.connectionTextProperty());
        versionLabel.textProperty().bind(viewModel.versionTextProperty());
        healthLabel.textProperty().bind(viewModel.healthTextProperty());
        messageLabel.textProperty().bind(viewModel.messageTextProperty());
        messageLabel.visibleProperty().bind(viewModel.messageTextProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());

        Tooltip healthTooltip = new Tooltip();
        healthTooltip.textProperty().bind(viewModel.healthDetailProperty());
        healthLabel.setTooltip(healthTooltip);
        showHealthState(viewModel.healthStateProperty().get());
        viewModel.healthStateProperty().addListener((obs, old, state) -> showHealthState(state));

        billingModeLabel.textProperty().bind(viewModel.billingTextProperty());
        billingModeLabel.visibleProperty().bind(viewModel.billingKnownProperty());
        billingModeLabel.managedProperty().bind(billingModeLabel.visibleProperty());
        billingSeparator.visibleProperty().bind(billingModeLabel.visibleProperty());
        billingSeparator.managedProperty().bind(billingModeLabel.visibleProperty());
        Tooltip billingTooltip = new Tooltip();
        billingTooltip.textProperty().bind(viewModel.billingDetailProperty());
        billingModeLabel.setTooltip(billingTooltip);
        showBillingWarning(viewModel.billingWarningProperty().get());
        viewModel.billingWarningProperty().addListener((obs, old, warning) -> showBillingWarning(warning));

        statusBar.progressProperty().bind(Bindings.when(viewModel.busyProperty()).then(-1.0).otherwise(0.0));
        cancelButton.visibleProperty().bind(viewModel.busyProperty());
        cancelButton.managedProperty().bind(cancelButton.visibleProperty());
        refreshButton.disableProperty().bind(viewModel.busyProperty());
        useEmbeddedMenuItem.disableProperty().bind(viewModel.embeddedActiveProperty());
    }

    private void showHealthState(HealthStatus.State state) {
        healthLabel.getStyleClass().removeAll(HEALTH_STYLES);
        switch (state) {
            case HEALTHY -> healthLabel.getStyleClass().add(Styles.SUCCESS);
            case UNHEALTHY, UNREACHABLE -> healthLabel.getStyleClass().add(Styles.DANGER);
            case CHECKING -> healthLabel.getStyleClass().add(Styles.WARNING);
            case UNKNOWN -> { }
        }
    }

    /** Dry-run billing reads as a warning badge: the server takes no payments. */
    private void showBillingWarning(boolean warning) {
        billingModeLabel.getStyleClass().removeAll(BILLING_WARNING_STYLES);
        if (warning) {
            billingModeLabel.getStyleClass().addAll(BILLING_WARNING_STYLES);
        }
    }

    @FXML
    private void connectToRemote() {
        viewModel.connectToRemote();
    }

    @FXML
    private void useEmbeddedServer() {
        viewModel.useEmbeddedServer();
    }

    @FXML
    private void refresh() {
        viewModel.refresh();
    }

    @FXML
    private void cancelConnect() {
        viewModel.cancelConnect();
    }

    @FXML
    private void exit() {
        Platform.exit();
    }
}
