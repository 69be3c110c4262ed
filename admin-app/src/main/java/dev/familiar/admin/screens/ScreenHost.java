package dev.familiar.admin.screens;

import dev.familiar.admin.concurrent.ActivityMonitor;
import dev.familiar.admin.concurrent.BackgroundExecutor;
import dev.familiar.admin.concurrent.TaskScope;
import dev.familiar.admin.dialogs.DialogService;
import dev.familiar.admin.navigation.Navigator;
import dev.familiar.admin.navigation.Place;
import dev.familiar.admin.session.SessionState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Shows the navigator's current place: builds each screen on its first visit (with its own {@link TaskScope}),
 * cancels the tasks of the screen being left and calls its {@link Screen#leave()}, and shows the current screen
 * again whenever the connection changes (its tasks for the old server are cancelled first). The shell puts
 * {@link #currentProperty()}'s view in its centre. UI thread only.
 */
public final class ScreenHost {
    private final ScreenRegistry registry;
    private final Navigator navigator;
    private final SessionState session;
    private final BackgroundExecutor executor;
    private final ActivityMonitor monitor;
    private final DialogService dialogs;
    private final Map<String, Mounted> mounted = new HashMap<>();
    private final ReadOnlyObjectWrapper<Screen> current = new ReadOnlyObjectWrapper<>();
    private Mounted shown;

    private record Mounted(Screen screen, TaskScope tasks) {
    }

    public ScreenHost(ScreenRegistry registry, Navigator navigator, SessionState session, BackgroundExecutor executor,
                      ActivityMonitor monitor, DialogService dialogs) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.navigator = Objects.requireNonNull(navigator, "navigator");
        this.session = Objects.requireNonNull(session, "session");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
    }

    /** Shows the current place and follows the navigator and the session from now on. */
    public void start() {
        navigator.currentProperty().addListener((obs, old, place) -> show(place));
        session.generationProperty().addListener((obs, old, generation) -> reload());
        show(navigator.current());
    }

    /** The screen shown now. */
    public ReadOnlyObjectProperty<Screen> currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** The task scope of a screen that has been visited (tests look at it). */
    public TaskScope tasksOf(String screenId) {
        Mounted m = mounted.get(screenId);
        return m == null ? null : m.tasks();
    }

    private void show(Place place) {
        Mounted next = mounted.computeIfAbsent(place.screenId(), this::mount);
        if (shown != null && shown != next) {
            shown.tasks().cancelAll();
            shown.screen().leave();
        }
        shown = next;
        current.set(next.screen());
        next.screen().show(place);
    }

    private void reload() {
        if (shown != null) {
            shown.tasks().cancelAll();
            shown.screen().show(navigator.current());
        }
    }

    private Mounted mount(String screenId) {
        ScreenDescriptor descriptor = registry.find(screenId)
                .orElseThrow(() -> new IllegalArgumentException("No screen " + screenId));
        TaskScope tasks = new TaskScope(executor, monitor);
        Screen screen = descriptor.factory().apply(new ScreenContext(session, navigator, tasks, dialogs));
        return new Mounted(screen, tasks);
    }
}
