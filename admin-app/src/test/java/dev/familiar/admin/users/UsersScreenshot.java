package dev.familiar.admin.users;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.FamiliarConsoleApp;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.admin.users.UsersApi.UserSummary;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes docs/screenshots/users.png: fills a fresh data folder with a few accounts and keys (through
 * {@link ClientUsersApi}, as the console would), starts the real console on it at the Users &amp; keys screen, selects
 * the user with keys and snapshots the window. Needs a display and the reactor installed; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@users-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class UsersScreenshot {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String PASSWORD = "screenshot-passw0rd";

    private UsersScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/users.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-users-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        String withKeys = seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(UsersView.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        FamiliarConsoleApp app = new FamiliarConsoleApp(ConsoleOptions.fromEnvironment());
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
            await(() -> "Healthy".equals(text(stage, "#healthLabel")));
            await(() -> text(stage, "#usersListMessage").endsWith(" users"));
            onFx(() -> {
                @SuppressWarnings("unchecked")
                TableView<UserItemViewModel> table = (TableView<UserItemViewModel>) stage.getScene().lookup("#usersTable");
                table.getItems().stream().filter(u -> u.username().equals(withKeys)).findFirst()
                        .ifPresent(u -> table.getSelectionModel().select(u));
                return null;
            });
            await(() -> text(stage, "#keysMessage").contains(" active of "));
            Thread.sleep(700); // let the status bar's progress indicator and layout settle
            WritableImage image = onFx(() -> stage.getScene().snapshot(null));
            Files.createDirectories(out.getParent());
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", out.toFile());
            System.out.println("Wrote " + out);
        } finally {
            onFx(() -> {
                app.stop();
                Platform.exit();
                return null;
            });
        }
    }

    /** A few accounts in every state, and keys for one of them; answers that one's username. */
    private static String seed(Path embedded) throws IOException {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(embedded));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token());
             FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            UsersApi api = new ClientUsersApi(admin);
            accept(anonymous, api.invite("ana.ops@example.com", null, List.of("ADMIN", "USER")));
            accept(anonymous, api.invite("ben.gm@example.com", null, List.of("TENANT_ADMIN", "USER")));
            UsersApi.OneTimeCode cara = api.invite("cara.player@example.com", null, List.of("USER"));
            accept(anonymous, cara);
            api.invite("dev.newcomer@example.com", null, List.of("USER"));
            accept(anonymous, api.invite("eli.former@example.com", null, List.of("USER")));
            UserSummary eli = api.list(new UsersApi.UserFilter("eli", null, null, null), null, 1).items().get(0);
            api.setLocked(eli.id(), true);
            api.createKey(cara.userId(), "foundry-plugin", 365);
            api.createKey(cara.userId(), "discord-bot", 90);
            UsersApi.CreatedKey old = api.createKey(cara.userId(), "old-laptop", null);
            api.revokeKey(cara.userId(), old.key().id());
            return "cara.player@example.com";
        }
    }

    private static void accept(FamiliarClient anonymous, UsersApi.OneTimeCode invitation) {
        anonymous.account().acceptInvitation(invitation.code(), PASSWORD);
    }

    private static String text(Stage stage, String query) {
        try {
            return onFx(() -> {
                Labeled labeled = (Labeled) stage.getScene().lookup(query);
                return labeled == null || labeled.getText() == null ? "" : labeled.getText();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The console did not get there within " + TIMEOUT);
            }
            Thread.sleep(200);
        }
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
