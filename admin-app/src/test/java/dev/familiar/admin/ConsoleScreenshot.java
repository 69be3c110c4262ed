package dev.familiar.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import dev.familiar.admin.preferences.ConsolePreferences;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the console's screenshot for the docs: starts the real console (options from the environment,
 * as {@link Launcher} does), waits until the status bar says "Healthy", snapshots the scene into the
 * PNG named by the first argument and quits. A second argument names the place to open (a screen's id such as
 * {@code catalog}): it is written as the console's remembered last place before the start, and the snapshot waits
 * for the screen's tables to fill. Needs a display; see admin-app/SCREENSHOT.md.
 */
public final class ConsoleScreenshot {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private ConsoleScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "console.png").toAbsolutePath().normalize();
        ConsoleOptions options = ConsoleOptions.fromEnvironment();
        if (args.length > 1) {
            ConsolePreferences preferences = ConsolePreferences.load(options.preferencesFile());
            preferences.lastPlace(args[1]);
            preferences.save();
        }
        FamiliarConsoleApp app = new FamiliarConsoleApp(options);
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                Stage stage = new Stage();
                app.start(stage);
                shown.complete(stage);
            } catch (RuntimeException e) {
                shown.completeExceptionally(e);
            }
        });
        Stage stage = shown.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (!"Healthy".equals(onFx(() -> ((Labeled) stage.getScene().lookup("#healthLabel")).getText()))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The console did not become healthy within " + TIMEOUT);
                }
                Thread.sleep(200);
            }
            while (args.length > 1 && !onFx(() -> stage.getScene().getRoot().lookupAll(".table-view").stream()
                    .allMatch(table -> !((TableView<?>) table).getItems().isEmpty()))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The screen's tables stayed empty for " + TIMEOUT);
                }
                Thread.sleep(200);
            }
            Thread.sleep(500); // let the status bar's progress indicator and layout settle before the snapshot
            WritableImage image = onFx(() -> stage.getScene().snapshot(null));
            write(image, out);
            System.out.println("Wrote " + out);
        } finally {
            onFx(() -> {
                app.stop();
                Platform.exit();
                return null;
            });
        }
    }

    private static void write(WritableImage image, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
