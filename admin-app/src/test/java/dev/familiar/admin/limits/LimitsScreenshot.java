package dev.familiar.admin.limits;

import dev.familiar.admin.ConsoleOptions;
import dev.familiar.admin.ScreenshotSession;
import dev.familiar.admin.preferences.ConsolePreferences;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.tokens.TenantLimitBounds;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TierUpdateRequest;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Takes docs/screenshots/limits.png: fills a fresh data folder with three organisations, their own rate limits, a
 * tier added beside the seeded ones and organisation quotas (through the typed client), starts the real console at
 * {@code limits/tenants} and snapshots the window. Needs a display; from the repository root,
 * {@code xvfb-run -a -s "-screen 0 1280x800x24" mvn -B -q -pl admin-app test-compile exec:exec@limits-screenshot}
 * (see admin-app/SCREENSHOT.md).
 */
public final class LimitsScreenshot {
    private LimitsScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots/limits.png").toAbsolutePath().normalize();
        Path dataDir = Files.createTempDirectory("familiar-limits-screenshot");
        Path embedded = dataDir.resolve(ConsoleOptions.EMBEDDED_SUBFOLDER);
        seed(embedded);
        ConsolePreferences preferences = ConsolePreferences.load(embedded.resolve("console.properties"));
        preferences.lastPlace(LimitsView.ID + "/" + LimitsViewModel.TENANTS);
        preferences.window(new ConsolePreferences.WindowBounds(0, 0, 1280, 800, false));
        preferences.save();
        System.setProperty(ConsoleOptions.DATA_DIR_PROPERTY, dataDir.toString());

        try (ScreenshotSession console = ScreenshotSession.start(ConsoleOptions.fromEnvironment())) {
            console.await("the tenant limits to load",
                    () -> console.text("#tenantLimitsMessage").endsWith("a limit of their own"));
            console.await("the refresh bound", () -> console.text("#limitsRefresh").contains("within"));
            ScreenshotSession.onFx(() -> {
                @SuppressWarnings("unchecked")
                javafx.scene.control.TableView<TenantLimitItemViewModel> table =
                        (javafx.scene.control.TableView<TenantLimitItemViewModel>) console.stage().getScene()
                                .lookup("#tenantLimitsTable");
                table.getSelectionModel().select(0);
                return null;
            });
            console.snapshot(out);
        }
    }

    /** Three organisations with limits of their own, a PLATINUM tier, and quotas per provider. */
    private static void seed(Path embedded) throws Exception {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(embedded));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token())) {
            TenantLimitBounds bounds = admin.tokenSettings().tenantLimits().bounds();
            String acme = admin.tenants().create("Acme Games", "pro", null).orgId();
            String globex = admin.tenants().create("Globex Studios", "pro", null).orgId();
            String initech = admin.tenants().create("Initech Interactive", "pro", null).orgId();
            long window = bounds.defaultWindowSeconds();
            admin.tokenSettings().putTenantLimit(acme, new TenantLimitRequest(
                    Math.min(bounds.maxCapacity(), bounds.defaultCapacity() * 2), window));
            admin.tokenSettings().putTenantLimit(globex, new TenantLimitRequest(bounds.defaultCapacity() / 2,
                    window * 2));
            admin.tokenSettings().putTenantLimit(initech, new TenantLimitRequest(bounds.defaultCapacity(),
                    Math.max(bounds.minWindowSeconds(), window / 2)));
            admin.tokenSettings().putTier("PLATINUM", new TierUpdateRequest(5, 5_000_000, 4, 3));
            for (String org : List.of(acme, globex, initech)) {
                admin.tokenSettings().putOrgQuota(org, "openai", 1_000_000);
                try {
                    admin.tokenSettings().putOrgQuota(org, "gemini", 250_000); // when the server offers it
                } catch (RuntimeException e) {
                    System.err.println("No gemini quota (" + e.getMessage() + ")");
                }
            }
        }
    }
}
