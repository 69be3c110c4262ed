package dev.familiar.admin.webhooks;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.stage.Window;

/**
 * Takes docs/screenshots/webhooks.png: fills a fresh data folder with a webhook inbox as a running platform has it
 * (three organisations signed up in dry-run, whose provider feeds its own events; signed deliveries of invoice events;
 * two subscription updates to prices not in the catalog that fail for good, one of whose prices is then added),
 * starts the real console at the Webhooks screen, replays the fixable failed event from the screen, waits until the
 * replay is applied and snapshots the window. Needs a display; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@webhooks-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class WebhooksScreenshot {
    private static final String FIXED = "evt_1QhX7c2eZvKYlo2CsubUpd01";
    private static final String STILL_FAILING = "evt_1QhX9d2eZvKYlo2CsubUpd02";

    private WebhooksScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/webhooks.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-webhooks-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(WebhooksView.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the inbox to load", () -> console.text("#webhooksListMessage").contains("2 failed"));
            ScreenshotSession.onFx(() -> {
                table(console).getItems().stream().filter(e -> e.eventId().equals(FIXED)).findFirst()
                        .ifPresent(e -> table(console).getSelectionModel().select(e));
                return null;
            });
            console.await("the payload", () -> console.text("#webhookDetailTitle").startsWith(FIXED + " \u00b7"));
            Platform.runLater(() -> ((Button) console.stage().getScene().lookup("#replaySelected")).fire());
            console.await("the confirmation", () -> confirmButton() != null);
            ScreenshotSession.onFx(() -> {
                confirmButton().fire();
                return null;
            });
            console.await("the replay to be applied", () -> console.text("#replayMessage").equals("Replay: 1 applied"));
            ScreenshotSession.onFx(() -> {
                table(console).getItems().stream().filter(e -> e.eventId().equals(STILL_FAILING)).findFirst()
                        .ifPresent(e -> table(console).getSelectionModel().clearAndSelect(
                                table(console).getItems().indexOf(e)));
                return null;
            });
            console.await("the failed event's payload",
                    () -> console.text("#webhookDetailTitle").startsWith(STILL_FAILING + " \u00b7"));
            console.snapshot(out);
        }
    }

    @SuppressWarnings("unchecked")
    private static TableView<WebhookEventItemViewModel> table(ScreenshotSession console) {
        return (TableView<WebhookEventItemViewModel>) console.stage().getScene().lookup("#webhooksTable");
    }

    private static Button confirmButton() {
        for (Window window : Window.getWindows()) {
            Node button = window.getScene() == null ? null : window.getScene().lookup("#confirmButton");
            if (button instanceof Button b && window.isShowing()) {
                return b;
            }
        }
        return null;
    }

    /** Organisations, their provider's own events, signed deliveries, and two updates that failed for good. */
    private static void seed(Path embedded) throws Exception {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(5)).truncatedTo(ChronoUnit.SECONDS));
        try (FamiliarServer server = TestServers.start(InboxFixture.config(embedded), clock)) {
            InboxFixture inbox = new InboxFixture(server, clock);
            String[] orgs = new String[3];
            String[][] signups = {{"Acme Games", "owner@acme-games.example"}, {"Bard Studio", "ops@bard.example"},
                    {"Cobalt Quests", "billing@cobalt.example"}};
            try (FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
                for (int i = 0; i < signups.length; i++) {
                    orgs[i] = anonymous.signup().signUp(signups[i][0], signups[i][1]).orgId();
                    clock.advance(Duration.ofMinutes(11));
                }
            }
            inbox.deliver("evt_1QhW2a2eZvKYlo2Cinv00001", "invoice.finalized",
                    "{\"id\":\"in_1QhW2a2eZvKYlo2C\",\"object\":\"invoice\",\"amount_due\":4900,\"currency\":\"usd\"}");
            clock.advance(Duration.ofMinutes(7));
            inbox.deliver("evt_1QhW5b2eZvKYlo2Cinv00002", "invoice.paid",
                    "{\"id\":\"in_1QhW2a2eZvKYlo2C\",\"object\":\"invoice\",\"amount_paid\":4900,\"currency\":\"usd\"}");
            clock.advance(Duration.ofMinutes(9));
            inbox.deliver("evt_1QhW8c2eZvKYlo2Ccus00003", "customer.updated",
                    "{\"id\":\"cus_R2bXk1\",\"object\":\"customer\",\"email\":\"ops@bard.example\"}");
            clock.advance(Duration.ofMinutes(4));
            inbox.deliverSubscriptionUpdate(FIXED, orgs[0], "sub_1QhX7c2eZvKYlo2C", InboxFixture.MISSING_PRICE);
            clock.advance(Duration.ofMinutes(3));
            inbox.deliverSubscriptionUpdate(STILL_FAILING, orgs[2], "sub_1QhX9d2eZvKYlo2C", "price_1QhLegacyEnterprise");
            inbox.awaitFailed(FIXED);
            inbox.awaitFailed(STILL_FAILING);
            inbox.addTheMissingPrice(); // the fix: the replay from the screen applies FIXED
        }
    }
}
