package dev.familiar.admin;

import dev.familiar.admin.preferences.ConsolePreferences;
import java.nio.file.Path;
import javafx.scene.control.TableView;

/**
 * Takes the console's screenshot for the docs: starts the real console (options from the environment,
 * as {@link Launcher} does), waits until the status bar says "Healthy", snapshots the scene into the
 * PNG named by the first argument and quits. A second argument names the place to open (a screen's id such as
 * {@code catalog}): it is written as the console's remembered last place before the start, and the snapshot waits
 * for the screen's tables to fill. Needs a display; see admin-app/SCREENSHOT.md.
 */
public final class ConsoleScreenshot {
    private ConsoleScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "console.png");
        ConsoleOptions options = ConsoleOptions.fromEnvironment();
        if (args.length > 1) {
            ConsolePreferences preferences = ConsolePreferences.load(options.preferencesFile());
            preferences.lastPlace(args[1]);
            preferences.save();
        }
        try (ScreenshotSession console = ScreenshotSession.start(options)) {
            if (args.length > 1) {
                console.await("the screen's tables to fill", () -> console.stage().getScene().getRoot()
                        .lookupAll(".table-view").stream().allMatch(table -> !((TableView<?>) table).getItems().isEmpty()));
            }
            console.snapshot(out);
        }
    }
}
