package dev.familiar.admin;

import atlantafx.base.theme.PrimerLight;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.connection.FamiliarServerConnector;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.shell.ShellView;
import dev.familiar.admin.shell.ShellViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The admin console: wires the shell to the real server connector and shows it. Start it through
 * {@link Launcher}. Closing the window stops the embedded server.
 */
public final class FamiliarConsoleApp extends Application {
    public static final String TITLE = "Familiar admin console";

    private final ConsoleOptions options;
    private FxBackgroundExecutor executor;
    private ShellViewModel shell;

    /** Used by {@link Application#launch}: options from system properties and the environment. */
    public FamiliarConsoleApp() {
        this(ConsoleOptions.fromEnvironment());
    }

    public FamiliarConsoleApp(ConsoleOptions options) {
        this.options = options;
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        executor = new FxBackgroundExecutor();
        shell = new ShellViewModel(new FamiliarServerConnector(), executor, new FxDialogService(stage),
                options.embeddedDataDir(), options.healthInterval());
        stage.setTitle(TITLE);
        stage.setScene(new Scene(new ShellView(shell).load()));
        stage.show();
        shell.start(options.initialConnection());
    }

    /** Runs when the last window closes or on Platform.exit(): stops the embedded server. */
    @Override
    public void stop() {
        if (shell != null) {
            shell.shutdown();
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
