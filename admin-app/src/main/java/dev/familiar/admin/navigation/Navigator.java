package dev.familiar.admin.navigation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The console's navigation model, in plain Java: the current {@link Place}, and the places to go back and forward
 * to, as a browser keeps them. Screens reach each other only through here ({@code navigator.go(Place.of("customers",
 * orgId))}); the shell shows whatever {@link #currentProperty()} says. Going to the current place again changes
 * nothing. Places naming a screen the registry does not know are refused, so a stale remembered place cannot break
 * the start.
 *
 * <p>Not thread-safe: use on the UI thread.
 */
public final class Navigator {
    /** How many places back the history keeps. */
    static final int HISTORY_LIMIT = 50;

    private final Predicate<String> knownScreen;
    private final ReadOnlyObjectWrapper<Place> current;
    private final Deque<Place> back = new ArrayDeque<>();
    private final Deque<Place> forward = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canGoBack = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canGoForward = new ReadOnlyBooleanWrapper(false);

    public Navigator(Place home, Predicate<String> knownScreen) {
        this.knownScreen = Objects.requireNonNull(knownScreen, "knownScreen");
        if (!knownScreen.test(home.screenId())) {
            throw new IllegalArgumentException("The home screen is not registered: " + home);
        }
        this.current = new ReadOnlyObjectWrapper<>(home);
    }

    /**
     * Goes to {@code place}, remembering where the console was; the forward history is dropped, as in a browser.
     *
     * @return false (and nothing changes) for a screen the registry does not know
     */
    public boolean go(Place place) {
        Objects.requireNonNull(place, "place");
        if (!knownScreen.test(place.screenId())) {
            return false;
        }
        if (place.equals(current.get())) {
            return true;
        }
        back.push(current.get());
        while (back.size() > HISTORY_LIMIT) {
            back.removeLast();
        }
        forward.clear();
        current.set(place);
        update();
        return true;
    }

    /** Goes to the previous place, if any. */
    public void back() {
        if (!back.isEmpty()) {
            forward.push(current.get());
            current.set(back.pop());
            update();
        }
    }

    /** Goes to the place left by {@link #back()}, if any. */
    public void forward() {
        if (!forward.isEmpty()) {
            back.push(current.get());
            current.set(forward.pop());
            update();
        }
    }

    public Place current() {
        return current.get();
    }

    public ReadOnlyObjectProperty<Place> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoBackProperty() {
        return canGoBack.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canGoForwardProperty() {
        return canGoForward.getReadOnlyProperty();
    }

    private void update() {
        canGoBack.set(!back.isEmpty());
        canGoForward.set(!forward.isEmpty());
    }
}
