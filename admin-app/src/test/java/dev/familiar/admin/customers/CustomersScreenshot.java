package dev.familiar.admin.customers;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Takes the Customers screenshots for the docs: fills a fresh embedded data folder (organisations signed up through
 * the real server, a few upgraded, one downgrade scheduled), then starts the real console on it at the Customers
 * screen, snapshots the list into {@code customers.png}, opens an organisation and snapshots
 * {@code customers-detail.png}, both in the folder named by the first argument. Needs a display (xvfb-run); see
 * admin-app/SCREENSHOT.md.
 */
public final class CustomersScreenshot {
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

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.embedded(embedded))) {
            TableView<?> table = (TableView<?>) console.stage().getScene().lookup("#customersTable");
            console.await("the customers to load", () -> table.getItems().size() == NAMES.size());
            console.snapshot(outDir.resolve("customers.png"));

            ScreenshotSession.onFx(() -> {
                table.getSelectionModel().select(0);
                table.fireEvent(new KeyEvent(KeyEvent.KEY_PRESSED, "", "", KeyCode.ENTER, false, false, false, false));
                return null;
            });
            console.await("the detail page", () -> console.text("#customerScheduledChange").startsWith("Moves to"));
            console.snapshot(outDir.resolve("customers-detail.png"));
            System.out.println("Wrote the Customers screenshots of " + shown + " to " + outDir);
        }
    }
}
