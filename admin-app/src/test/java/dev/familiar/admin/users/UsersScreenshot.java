package dev.familiar.admin.users;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.admin.users.UsersApi.UserSummary;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;

/**
 * Takes docs/screenshots/users.png: fills a fresh data folder with a few accounts and keys (through
 * {@link ClientUsersApi}, as the console would), starts the real console on it at the Users &amp; keys screen, selects
 * the user with keys and snapshots the window. Needs a display and the reactor installed; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@users-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class UsersScreenshot {
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

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the users to load", () -> console.text("#usersListMessage").endsWith(" users"));
            ScreenshotSession.onFx(() -> {
                @SuppressWarnings("unchecked")
                TableView<UserItemViewModel> table =
                        (TableView<UserItemViewModel>) console.stage().getScene().lookup("#usersTable");
                table.getItems().stream().filter(u -> u.username().equals(withKeys)).findFirst()
                        .ifPresent(u -> table.getSelectionModel().select(u));
                return null;
            });
            console.await("the keys to load", () -> console.text("#keysMessage").contains(" active of "));
            console.snapshot(out);
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
}
