package dev.familiar.admin.directory;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.model.directory.RoleMappings;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;

/**
 * Takes docs/screenshots/directory.png: fills a fresh data folder (the local directory: no Entra settings) with a few
 * accounts, groups, memberships and role mappings through the typed client, starts the real console at the Directory
 * screen, selects a group with members and snapshots the window. Needs a display; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@directory-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class DirectoryScreenshot {
    private static final String PASSWORD = "screenshot-passw0rd";
    private static final String SELECTED = "Prompt Engineers";

    private DirectoryScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/directory.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-directory-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(DirectoryView.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the groups to load", () -> console.text("#groupsListMessage").endsWith(" groups"));
            console.await("the mappings to load", () -> console.text("#mappingsMessage").endsWith(" mappings"));
            ScreenshotSession.onFx(() -> {
                @SuppressWarnings("unchecked")
                TableView<GroupItemViewModel> table =
                        (TableView<GroupItemViewModel>) console.stage().getScene().lookup("#groupsTable");
                table.getItems().stream().filter(g -> g.displayName().equals(SELECTED)).findFirst()
                        .ifPresent(g -> table.getSelectionModel().select(g));
                return null;
            });
            console.await("the members to load", () -> console.text("#membersListMessage").endsWith(" members"));
            console.snapshot(out);
        }
    }

    /** A few people, four groups with members, and two groups that grant roles. */
    private static void seed(Path embedded) throws Exception {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(embedded));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token());
             FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            List<String> people = List.of("ana.ops@example.com", "ben.gm@example.com", "cara.writer@example.com",
                    "dev.prompts@example.com", "eli.books@example.com");
            for (String email : people) {
                anonymous.account().acceptInvitation(admin.users().invite(email, null, List.of("USER")).code(),
                        PASSWORD);
            }
            DirectoryGroup engineers = admin.directory().create(SELECTED,
                    "Write and test prompts in the Prompt Lab");
            DirectoryGroup billing = admin.directory().create("Billing Admins",
                    "Upgrade, pause and cancel subscriptions");
            DirectoryGroup gms = admin.directory().create("Game Masters", "Run the tables");
            admin.directory().create("Playtesters", null);
            admin.directory().addMembers(engineers.id(), null,
                    List.of("ana.ops@example.com", "cara.writer@example.com", "dev.prompts@example.com"));
            admin.directory().addMembers(billing.id(), null, List.of("eli.books@example.com"));
            admin.directory().addMembers(gms.id(), null, List.of("ben.gm@example.com", "cara.writer@example.com"));
            admin.directory().replaceRoleMappings(new RoleMappings(List.of(
                    new RoleMapping(engineers.id(), null, "PROMPT_ENGINEER"),
                    new RoleMapping(billing.id(), null, "BILLING_ADMIN"))));
        }
    }
}
