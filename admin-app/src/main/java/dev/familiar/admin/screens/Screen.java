package dev.familiar.admin.screens;

import dev.familiar.admin.navigation.Place;
import javafx.scene.Node;

/**
 * One area of the console (Catalog, Customers…), created once by its {@link ScreenDescriptor}'s factory the first
 * time it is visited. The {@link ScreenHost} calls {@link #show(Place)} each time the screen becomes current (and
 * again when the connection changes): the screen loads what the place names. When the screen is left, the host
 * cancels the tasks of its {@link ScreenContext#tasks()} and calls {@link #leave()}.
 */
public interface Screen {

    /** The screen's content, built once. */
    Node view();

    /** Shows {@code place} (this screen's id and its arguments) with fresh data. */
    void show(Place place);

    /** Called when another screen becomes current; running tasks are already cancelled. */
    default void leave() {
    }

    /** Ctrl+F: focus the screen's search field, if it has one. */
    default void focusSearch() {
    }
}
