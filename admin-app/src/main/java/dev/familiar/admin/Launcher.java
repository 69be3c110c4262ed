package dev.familiar.admin;

import javafx.application.Application;

/**
 * The console's main class. It must not extend {@link Application}: started from the classpath, a
 * main class that does makes the JDK's launcher refuse to run without JavaFX modules on the module path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(FamiliarConsoleApp.class, args);
    }
}
