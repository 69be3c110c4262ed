package dev.familiar.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * The real console started for a docs screenshot (the screenshot programs share it): starts
 * {@link FamiliarConsoleApp} on the JavaFX thread, waits on conditions read on that thread, writes scene
 * snapshots as PNG, and stops the console and JavaFX when closed. Needs a display; see admin-app/SCREENSHOT.md.
 */
public final class ScreenshotSession implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofMinutes(2);
    private final FamiliarConsoleApp app;
    private final Stage stage;

    private ScreenshotSession(FamiliarConsoleApp app, Stage stage) {
        this.app = app;
        this.stage = stage;
    }

    /** Starts the console with {@code options} and waits until its status bar says "Healthy". */
    public static ScreenshotSession start(ConsoleOptions options) throws Exception {
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
        ScreenshotSession session = new ScreenshotSession(app, shown.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        session.await("the status bar to say Healthy", () -> "Healthy".equals(session.text("#healthLabel")));
        return session;
    }

    public Stage stage() {
        return stage;
    }

    /** The text of the labeled node {@code query}, empty when there is none. */
    public String text(String query) throws Exception {
        return onFx(() -> stage.getScene().lookup(query) instanceof Labeled labeled && labeled.getText() != null
                ? labeled.getText() : "");
    }

    /** Waits until {@code condition} (read on the JavaFX thread) holds, at most {@link #TIMEOUT}. */
    public void await(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!Boolean.TRUE.equals(onFx(condition))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Waited " + TIMEOUT + " for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Lets the status bar's progress and the layout settle, then writes the scene to {@code out}. */
    public void snapshot(Path out) throws Exception {
        snapshot(stage.getScene(), out);
    }

    /** Lets the layout settle, then writes {@code scene} (of the console's window or another one) to {@code out}. */
    public void snapshot(javafx.scene.Scene scene, Path out) throws Exception {
        Thread.sleep(700);
        var image = onFx(() -> scene.snapshot(null));
        Path file = out.toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        System.out.println("Wrote " + file);
    }

    /** Runs {@code work} on the JavaFX thread (at once when already on it) and answers its result. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return work.call();
        }
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

    /** Stops the console (and its embedded server) and JavaFX. */
    @Override
    public void close() throws Exception {
        onFx(() -> {
            app.stop();
            Platform.exit();
            return null;
        });
    }
}
