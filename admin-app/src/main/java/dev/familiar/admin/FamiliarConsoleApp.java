package dev.familiar.admin;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.FxBackgroundExecutor;
import dev.familiar.admin.connection.FamiliarServerConnector;
import dev.familiar.admin.dialogs.FxDialogService;
import dev.familiar.admin.home.HomeScreen;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.admin.preferences.Theme;
import dev.familiar.admin.screens.ScreenHost;
import dev.familiar.admin.screens.ScreenRegistry;
import dev.familiar.admin.shell.ShellView;
import dev.familiar.admin.shell.ShellViewModel;
import dev.familiar.admin.shell.Workbench;
import java.io.IOException;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The admin console: wires the shell, the screen registry, navigation and the real server connector, and shows
 * them. Start it through {@link Launcher}. Closing the window stops the embedded server and remembers the window,
 * the theme and the last screen.
 */
public final class FamiliarConsoleApp extends Application {
    public static final String TITLE = "Familiar admin console";
    /** The system property that turns the startup trace on. */
    public static final String STARTUP_TRACE_PROPERTY = "familiar.startup.trace";
    private static final System.Logger LOG = System.getLogger(FamiliarConsoleApp.class.getName());

    private final ConsoleOptions options;
    private FxBackgroundExecutor executor;
    private ShellViewModel shell;
    private ConsolePreferences preferences;
    private Navigator navigator;
    private Stage stage;
    private Theme theme;

    /** Used by {@link Application#launch}: options from system properties and the environment. */
    public FamiliarConsoleApp() {
        this(ConsoleOptions.fromEnvironment());
    }

    public FamiliarConsoleApp(ConsoleOptions options) {
        this.options = options;
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        preferences = ConsolePreferences.load(options.preferencesFile());
        theme = preferences.theme();
        Application.setUserAgentStylesheet(theme.stylesheet());
        executor = new FxBackgroundExecutor();
        FxDialogService dialogs = new FxDialogService(stage, () -> new dev.familiar.admin.connection.entra
                .MicrosoftSignInViewModel(dev.familiar.admin.connection.entra.MicrosoftSignIn.overFamiliarClient(
                        dev.familiar.admin.connection.entra.LazyEntraSignIn.inDataDir(
                                options.embeddedDataDir().toAbsolutePath().getParent())), executor));
        dev.familiar.admin.promptlab.compare.CompareDialogs.register(dialogs);
        dev.familiar.admin.promptlab.deploy.DeployDialogs.register(dialogs, preferences);
        dev.familiar.admin.directory.DirectoryDialogs.register(dialogs);
        dev.familiar.admin.limits.LimitsDialogs.register(dialogs); // [issue16-limits]
        shell = new ShellViewModel(new FamiliarServerConnector(), executor, dialogs,
                options.embeddedDataDir(), options.healthInterval());

        ScreenRegistry registry = ConsoleScreens.registry();
        navigator = new Navigator(Place.of(HomeScreen.ID), registry::knows);
        preferences.lastPlace().ifPresent(path -> {
            try {
                navigator.go(Place.parse(path));
            } catch (IllegalArgumentException e) {
                // a remembered place this version cannot show: start at home
            }
        });
        ActivityMonitor activity = new ActivityMonitor();
        ScreenHost host = new ScreenHost(registry, navigator, shell.session(), executor, activity, dialogs);
        host.start();
        Workbench workbench = new Workbench(registry, navigator, host, activity);

        stage.setTitle(TITLE);
        windowIcon().ifPresent(icon -> stage.getIcons().setAll(icon));
        stage.setScene(new Scene(new ShellView(shell, workbench, this::toggleTheme).load()));
        restoreWindow(stage);
        if (Boolean.getBoolean(STARTUP_TRACE_PROPERTY)) {
            traceStartup(stage);
        }
        stage.show();
        shell.start(options.initialConnection());
    }

    /**
     * {@code -Dfamiliar.startup.trace=true} (bench/console-start.sh): prints {@code STARTUP window <epoch ms>} once
     * the window has been shown and laid out, and {@code STARTUP healthy <epoch ms>} when the status bar first says
     * Healthy. Off by default.
     */
    private void traceStartup(Stage window) {
        window.setOnShown(event -> javafx.application.Platform.runLater(
                () -> System.out.println("STARTUP window " + System.currentTimeMillis())));
        shell.healthStateProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends dev.familiar.admin.shell.HealthStatus.State> o,
                                dev.familiar.admin.shell.HealthStatus.State old,
                                dev.familiar.admin.shell.HealthStatus.State state) {
                if (state == dev.familiar.admin.shell.HealthStatus.State.HEALTHY) {
                    System.out.println("STARTUP healthy " + System.currentTimeMillis());
                    o.removeListener(this);
                }
            }
        });
    }

    private void toggleTheme() {
        theme = theme.toggled();
        Application.setUserAgentStylesheet(theme.stylesheet());
    }

    /**
     * The window's icon: the package's icon (drawn by installer/src/jpackage/icons/DrawIcon.java, copied beside this
     * class), so the running window looks like the menu entry that started it.
     */
    static java.util.Optional<javafx.scene.image.Image> windowIcon() {
        var url = FamiliarConsoleApp.class.getResource("familiar-console.png");
        return url == null ? java.util.Optional.empty()
                : java.util.Optional.of(new javafx.scene.image.Image(url.toExternalForm()));
    }

    /** The remembered bounds, when they still fit on a screen of this computer. */
    private void restoreWindow(Stage window) {
        preferences.window().ifPresent(bounds -> {
            boolean visible = Screen.getScreensForRectangle(bounds.x(), bounds.y(), bounds.width(), bounds.height())
                    .size() > 0;
            if (visible) {
                window.setX(bounds.x());
                window.setY(bounds.y());
            }
            window.setWidth(bounds.width());
            window.setHeight(bounds.height());
            window.setMaximized(bounds.maximized());
        });
    }

    /** Runs when the last window closes or on Platform.exit(): stops the embedded server, remembers the window. */
    @Override
    public void stop() {
        if (preferences != null && stage != null) {
            preferences.window(new ConsolePreferences.WindowBounds(stage.getX(), stage.getY(), stage.getWidth(),
                    stage.getHeight(), stage.isMaximized()));
            preferences.theme(theme);
            preferences.lastPlace(navigator.current().path());
            try {
                preferences.save();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not remember the window: " + e.getMessage());
            }
        }
        if (shell != null) {
            shell.shutdown();
        }
        if (executor != null) {
            executor.shutdown();
        }
    }
}
