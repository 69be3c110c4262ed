package dev.familiar.admin.customers;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.FamiliarConsoleApp;
import dev.familiar.admin.preferences.ConsolePreferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the Customers screenshots for the docs: fills a fresh embedded data folder (organisations signed up through
 * the real server, a few upgraded, one downgrade scheduled), then starts the real console on it at the Customers
 * screen, snapshots the list into {@code customers.png}, opens an organisation and snapshots
 * {@code customers-detail.png}, both in the folder named by the first argument. Needs a display (xvfb-run); see
 * admin-app/SCREENSHOT.md.
 */
public final class CustomersScreenshot {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> NAMES = List.of("Acme Rockets", "Bard's Guild", "Beholder Books",
            "Candlekeep Archives", "Dragonfire Games", "Dungeon Crawl Co", "Elfsong Tavern", "Feywild Press",
            "Gelatinous Cube Labs", "Hoard & Co", "Kobold Press Club", "Mimic Chest Ltd", "Owlbear Outfitters",
            "Planescape Partners", "Rust Monster Repair", "Tarrasque Logistics", "Underdark Mining",
            "Waterdeep Watch", "Yawning Portal Inn", "Zhentarim Trading");

    private CustomersScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path outDir = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-customers-shot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        String shown;
        try (CustomersServerFixture fixture = new CustomersServerFixture(embedded)) {
            fixture.starterWithoutTrial();
            String first = null;
            for (int i = 0; i < NAMES.size(); i++) {
                String org = fixture.signUp(NAMES.get(i));
                if (i % 3 == 0) {
                    fixture.client.billing().upgrade(org, i % 2 == 0 ? "pro" : "enterprise");
                }
                fixture.setUsage(org, i % 3 == 0 ? 3_000L + i * 1_537L : 40L + (i * 137L) % 900);
                if (i == 0) {
                    first = org;
                }
            }
            fixture.client.billing().downgrade(first, "starter");
            shown = first;
        }
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(CustomersScreen.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();

        FamiliarConsoleApp app = new FamiliarConsoleApp(ConsoleOptions.embedded(embedded));
        CompletableFuture<Stage> started = new CompletableFuture<>();
        Platform.startup(() -> {
            try {
                Stage stage = new Stage();
                app.start(stage);
                started.complete(stage);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        Stage stage = started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        try {
            waitUntil(() -> "Healthy".equals(((Labeled) stage.getScene().lookup("#healthLabel")).getText()));
            TableView<?> table = (TableView<?>) stage.getScene().lookup("#customersTable");
            waitUntil(() -> table.getItems().size() == NAMES.size());
            Thread.sleep(800); // the status bar's progress and the layout settle
            write(onFx(() -> stage.getScene().snapshot(null)), outDir.resolve("customers.png"));

            onFx(() -> {
                table.getSelectionModel().select(0);
                table.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
                return null;
            });
            waitUntil(() -> ((Labeled) stage.getScene().lookup("#customerScheduledChange")).getText()
                    .startsWith("Moves to"));
            Thread.sleep(800);
            write(onFx(() -> stage.getScene().snapshot(null)), outDir.resolve("customers-detail.png"));
            System.out.println("Wrote the Customers screenshots of " + shown + " to " + outDir);
        } finally {
            onFx(() -> {
                app.stop();
                Platform.exit();
                return null;
            });
        }
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!Boolean.TRUE.equals(onFx(condition))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The console did not get there within " + TIMEOUT);
            }
            Thread.sleep(200);
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
