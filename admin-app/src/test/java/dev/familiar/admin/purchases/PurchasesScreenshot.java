package dev.familiar.admin.purchases;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javafx.scene.control.TableView;

/**
 * Takes docs/screenshots/purchases.png: fills a fresh data folder with three organisations and their users (through
 * the typed client) and a day of token purchases ({@link PurchaseSeed}: most completed, one declined at the capture
 * and compensated, one refused at the hold, one whose payment state was unknown for a while), starts the real console
 * at the Purchases screen, selects the compensated saga and snapshots the window. Needs a display; from the
 * repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@purchases-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class PurchasesScreenshot {
    private static final String PASSWORD = "screenshot-passw0rd";

    private PurchasesScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/purchases.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-purchases-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(PurchasesView.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the purchases to load", () -> console.text("#purchasesListMessage").contains("compensated"));
            ScreenshotSession.onFx(() -> {
                @SuppressWarnings("unchecked")
                TableView<PurchaseItemViewModel> table =
                        (TableView<PurchaseItemViewModel>) console.stage().getScene().lookup("#purchasesTable");
                table.getItems().stream().filter(PurchaseItemViewModel::compensated).findFirst()
                        .ifPresent(p -> table.getSelectionModel().select(p));
                return null;
            });
            console.await("the steps to load", () -> console.text("#purchaseDetailMessage").startsWith("Saga "));
            console.snapshot(out);
        }
    }

    private static void seed(Path embedded) throws Exception {
        ServerConfig config = ServerConfig.embedded(embedded);
        try (FamiliarServer server = FamiliarServer.start(config);
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token());
             FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            String acme = admin.tenants().create("Acme Games", "pro", null).orgId();
            String bard = admin.tenants().create("Bard Studio", "pro", null).orgId();
            String cobalt = admin.tenants().create("Cobalt Quests", "pro", null).orgId();
            String[] users = new String[4];
            String[][] people = {{"ana.ops@acme-games.example", acme}, {"ben.gm@bard.example", bard},
                    {"cara.writer@cobalt.example", cobalt}, {"dev.prompts@acme-games.example", acme}};
            for (int i = 0; i < people.length; i++) {
                var invitation = admin.users().invite(people[i][0], people[i][1], List.of("USER"));
                users[i] = anonymous.account().acceptInvitation(invitation.code(), PASSWORD).userId();
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            new PurchaseSeed()
                    .add(users[0], acme, "openai", 500_000, 2500, "COMPLETED", false, null,
                            now.minus(Duration.ofHours(9)), PurchaseSeed.completed(500_000))
                    .add(users[1], bard, "anthropic", 250_000, 1500, "COMPLETED", false, null,
                            now.minus(Duration.ofHours(7)), PurchaseSeed.completed(250_000))
                    .add(users[2], cobalt, "openai", 2_000_000, 10000, "FAILED", true,
                            "capture refused: card_declined", now.minus(Duration.ofHours(6)),
                            new String[]{"START", "SUCCEEDED", "saga started"},
                            new String[]{"RESERVE_PAYMENT", "SUCCEEDED", "payment hold requires_capture"},
                            new String[]{"ALLOCATE_TOKENS", "SUCCEEDED", "2000000 tokens added to the purchased balance"},
                            new String[]{"CAPTURE_PAYMENT", "FAILED", "capture refused: card_declined"},
                            new String[]{"COMPENSATE", "SUCCEEDED", "hold voided; 2000000 tokens taken back"})
                    .add(users[3], acme, "openai", 1_000_000, 5000, "COMPLETED", false, null,
                            now.minus(Duration.ofHours(5)),
                            new String[]{"START", "SUCCEEDED", "saga started"},
                            new String[]{"RESERVE_PAYMENT", "UNKNOWN", "no answer from the provider; looking it up"},
                            new String[]{"RETRY", "RETRYING", "hold found by its key: requires_capture"},
                            new String[]{"ALLOCATE_TOKENS", "SUCCEEDED", "1000000 tokens added to the purchased balance"},
                            new String[]{"CAPTURE_PAYMENT", "SUCCEEDED", "payment captured (succeeded)"})
                    .add(users[1], bard, "openai", 100_000, 500, "FAILED", false, "payment refused: card_declined",
                            now.minus(Duration.ofHours(3)),
                            new String[]{"START", "SUCCEEDED", "saga started"},
                            new String[]{"RESERVE_PAYMENT", "FAILED", "payment refused: card_declined"})
                    .add(users[0], acme, "anthropic", 750_000, 4500, "COMPLETED", false, null,
                            now.minus(Duration.ofHours(2)), PurchaseSeed.completed(750_000))
                    .add(users[2], cobalt, "openai", 300_000, 1500, "COMPLETED", false, null,
                            now.minus(Duration.ofMinutes(40)), PurchaseSeed.completed(300_000))
                    .writeTo(config);
        }
    }
}
