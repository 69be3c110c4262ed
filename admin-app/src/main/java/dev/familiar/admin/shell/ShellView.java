package dev.familiar.admin.shell;

import atlantafx.base.theme.Styles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import dev.familiar.admin.concurrent.TaskHandle;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.screens.Screen;
import dev.familiar.admin.screens.ScreenDescriptor;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Menu;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
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

/**
 * The main window's content: menu, toolbar, the navigation built from the screen registry, the current screen and
 * the status bar (connection, health, billing mode, background work with Cancel). Binds to {@link ShellViewModel}
 * and the {@link Workbench}.
 */
public final class ShellView {
    private static final List<String> HEALTH_STYLES = List.of(Styles.SUCCESS, Styles.DANGER, Styles.WARNING);
    private static final List<String> BILLING_WARNING_STYLES =
            List.of(Styles.WARNING, Styles.TEXT_BOLD, Styles.BG_WARNING_SUBTLE);

    private final ShellViewModel viewModel;
    private final Workbench workbench;
    private final Runnable toggleTheme;

    @FXML private MenuItem useEmbeddedMenuItem;
    @FXML private Button refreshButton;
    @FXML private Button connectRemoteButton;
    @FXML private StatusBar statusBar;
    @FXML private Label connectionLabel;
    @FXML private Label versionLabel;
    @FXML private Label healthLabel;
    @FXML private Separator billingSeparator;
    @FXML private Label billingModeLabel;
    @FXML private Separator directorySeparator;
    @FXML private Label directoryModeLabel;
    @FXML private Label messageLabel;
    @FXML private Button cancelButton;

    @FXML private Menu goMenu;
    @FXML private VBox navigation;
    @FXML private StackPane content;
    @FXML private Button backButton;
    @FXML private Button forwardButton;
    @FXML private Label activityLabel;

    public ShellView(ShellViewModel viewModel, Workbench workbench, Runnable toggleTheme) {
        this.viewModel = viewModel;
        this.workbench = workbench;
        this.toggleTheme = toggleTheme;
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

        directoryModeLabel.textProperty().bind(viewModel.directoryTextProperty());
        directoryModeLabel.visibleProperty().bind(viewModel.directoryKnownProperty());
        directoryModeLabel.managedProperty().bind(directoryModeLabel.visibleProperty());
        directorySeparator.visibleProperty().bind(directoryModeLabel.visibleProperty());
        directorySeparator.managedProperty().bind(directoryModeLabel.visibleProperty());
        Tooltip directoryTooltip = new Tooltip();
        directoryTooltip.textProperty().bind(viewModel.directoryDetailProperty());
        directoryModeLabel.setTooltip(directoryTooltip);
        viewModel.directoryWarningProperty().addListener((obs, old, warning) -> {
            directoryModeLabel.getStyleClass().remove(Styles.DANGER);
            if (warning) {
                directoryModeLabel.getStyleClass().add(Styles.DANGER);
            }
        });

        activityLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            TaskHandle latest = workbench.activity().latestProperty().get();
            return latest == null ? "" : latest.messageProperty().get();
        }, workbench.activity().latestProperty(), workbench.activity().running()));
        workbench.activity().latestProperty().addListener((obs, old, latest) -> followTask(latest));
        statusBar.progressProperty().bind(Bindings.when(viewModel.busyProperty()).then(-1.0).otherwise(0.0));
        cancelButton.visibleProperty().bind(viewModel.busyProperty().or(workbench.activity().latestProperty().isNotNull()));
        cancelButton.managedProperty().bind(cancelButton.visibleProperty());
        refreshButton.disableProperty().bind(viewModel.busyProperty());
        useEmbeddedMenuItem.disableProperty().bind(viewModel.embeddedActiveProperty());

        buildNavigation();
        backButton.disableProperty().bind(workbench.navigator().canGoBackProperty().not());
        forwardButton.disableProperty().bind(workbench.navigator().canGoForwardProperty().not());
        backButton.setTooltip(new Tooltip("Back (Alt+Left)"));
        forwardButton.setTooltip(new Tooltip("Forward (Alt+Right)"));
        workbench.host().currentProperty().addListener((obs, old, screen) -> showScreen(screen));
        showScreen(workbench.host().currentProperty().get());
    }

    /** One toggle per registered screen (id {@code nav-<id>}), and a Go menu entry with its Ctrl+digit. */
    private void buildNavigation() {
        ToggleGroup group = new ToggleGroup();
        for (ScreenDescriptor screen : workbench.registry().all()) {
            ToggleButton entry = new ToggleButton(screen.title());
            entry.setId("nav-" + screen.id());
            entry.setToggleGroup(group);
            entry.setMaxWidth(Double.MAX_VALUE);
            entry.getStyleClass().add(Styles.FLAT);
            entry.setAlignment(Pos.CENTER_LEFT);
            if (screen.shortcut() != 0) {
                entry.setTooltip(new Tooltip("Ctrl+" + screen.shortcut()));
            }
            entry.setOnAction(event -> {
                workbench.navigator().go(Place.of(screen.id()));
                entry.setSelected(true);
            });
            navigation.getChildren().add(entry);
            MenuItem item = new MenuItem(screen.title());
            if (screen.shortcut() != 0) {
                item.setAccelerator(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(screen.shortcut())),
                        KeyCombination.SHORTCUT_DOWN));
            }
            item.setOnAction(event -> workbench.navigator().go(Place.of(screen.id())));
            goMenu.getItems().add(item);
            Runnable offer = () -> {
                boolean offered = screen.offeredTo(viewModel.session().rolesProperty().get());
                entry.setVisible(offered);
                entry.setManaged(offered);
                item.setVisible(offered);
                item.setDisable(!offered); // no Ctrl+digit either
            };
            viewModel.session().rolesProperty().addListener((obs, old, roles) -> offer.run());
            offer.run();
        }
        selectEntry(group, workbench.navigator().current());
        workbench.navigator().currentProperty().addListener((obs, old, place) -> selectEntry(group, place));
    }

    private static void selectEntry(ToggleGroup group, Place place) {
        group.getToggles().forEach(toggle -> toggle.setSelected(
                ((ToggleButton) toggle).getId().equals("nav-" + place.screenId())));
    }

    private void showScreen(Screen screen) {
        if (screen == null) {
            content.getChildren().clear();
        } else {
            content.getChildren().setAll(screen.view());
        }
    }

    /** The status bar follows the newest background task's progress while no connection is being opened. */
    private void followTask(TaskHandle latest) {
        statusBar.progressProperty().unbind();
        if (latest == null) {
            statusBar.progressProperty().bind(Bindings.when(viewModel.busyProperty()).then(-1.0).otherwise(0.0));
        } else {
            statusBar.progressProperty().bind(Bindings.when(viewModel.busyProperty()).then(-1.0)
                    .otherwise(latest.progressProperty()));
        }
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

    /** The status bar's Cancel: a connection being opened first, else the newest background task. */
    @FXML
    private void cancel() {
        if (viewModel.busyProperty().get()) {
            viewModel.cancelConnect();
        } else {
            workbench.activity().cancelLatest();
        }
    }

    @FXML
    private void back() {
        workbench.navigator().back();
    }

    @FXML
    private void forward() {
        workbench.navigator().forward();
    }

    @FXML
    private void focusSearch() {
        Screen screen = workbench.host().currentProperty().get();
        if (screen != null) {
            screen.focusSearch();
        }
    }

    @FXML
    private void toggleTheme() {
        toggleTheme.run();
    }

    @FXML
    private void exit() {
        Platform.exit();
    }
}
