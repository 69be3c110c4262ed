package dev.familiar.admin.audit;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.DirectoryGroup;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Takes docs/screenshots/audit.png: on a fresh data folder, real admin actions through the typed client (invitations,
 * accepted invitations, directory groups and members, failed and throttled sign-ins for DENIED entries) fill the audit
 * log; then the real console starts at the Audit log screen and the window is snapshot once the log has loaded.
 * Needs a display; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@audit-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class AuditScreenshot {
    private static final String PASSWORD = "screenshot-passw0rd";

    private AuditScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/audit.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-audit-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(AuditView.ID);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the audit log to load", () -> console.text("#auditSummary").contains("entries"));
            console.snapshot(out);
            System.out.println("Wrote " + out);
        }
    }

    /** Admin actions and a few refused sign-ins, each of which the server audits. */
    private static void seed(Path embedded) throws Exception {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(embedded));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token());
             FamiliarClient anonymous = FamiliarClient.connect(server.baseUrl())) {
            List<String> people = List.of("ana.ops@example.com", "ben.gm@example.com", "cara.writer@example.com",
                    "dev.prompts@example.com");
            for (String email : people) {
                anonymous.account().acceptInvitation(admin.users().invite(email, null, List.of("USER")).code(),
                        PASSWORD);
            }
            DirectoryGroup engineers = admin.directory().create("Prompt Engineers", "Write and test prompts");
            DirectoryGroup billing = admin.directory().create("Billing Admins", "Subscriptions");
            admin.directory().addMembers(engineers.id(), null, List.of("ana.ops@example.com", "dev.prompts@example.com"));
            admin.directory().addMembers(billing.id(), null, List.of("ben.gm@example.com"));
            for (String who : List.of("ana.ops@example.com", "mallory", "ben.gm@example.com")) {
                try {
                    anonymous.auth().login(who, "wrong-password-1");
                } catch (RuntimeException refused) {
                    // a DENIED entry, which the screen shows in red
                }
            }
        }
    }
}
