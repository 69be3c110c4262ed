package dev.familiar.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atlantafx.base.theme.Styles;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.client.ServerUnreachableException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The real console on Monocle's headless screen, with its real embedded server. */
class EmbeddedConsoleUiTest extends ConsoleUiTestSupport {
    private static final Pattern EMBEDDED = Pattern.compile("Embedded server on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dataDir;

    /** What the first start on the fresh data folder showed (and the set-up closed). */
    private String adminNotice;

    @BeforeEach
    void startConsole() throws Exception {
        launch(ConsoleOptions.embedded(dataDir.resolve("desktop")));
        adminNotice = closeAdminNotice();
    }

    @AfterEach
    void closeConsole() throws Exception {
        close();
    }

    @Test
    void statusBarShowsTheEmbeddedServerAsHealthy() {
        awaitText("#healthLabel", "Healthy");

        assertThat(textOf("#connectionLabel")).matches(EMBEDDED);
    }

    @Test
    void theWindowCarriesThePackagesIcon() throws Exception {
        javafx.stage.Stage stage = FxToolkit.registerPrimaryStage();

        var icons = onFx(() -> List.copyOf(stage.getIcons()));
        assertThat(icons).hasSize(1);
        assertThat(onFx(() -> icons.get(0).getWidth())).isEqualTo(256.0);
        assertThat(onFx(() -> icons.get(0).isError())).isFalse();
        // the same picture as the native package's (installer/src/jpackage/icons), not a copy that drifted
        byte[] packaged = java.nio.file.Files.readAllBytes(
                Path.of("../installer/src/jpackage/icons/familiar-console.png"));
        try (var shipped = FamiliarConsoleApp.class.getResourceAsStream("familiar-console.png")) {
            assertThat(shipped.readAllBytes()).isEqualTo(packaged);
        }
    }

    @Test
    void statusBarWarnsThatTheEmbeddedServersBillingIsADryRun() {
        awaitText("#billingModeLabel", text -> text.contains("DRY-RUN"), "billing dry-run");

        assertThat(textOf("#billingModeLabel")).isEqualTo("Billing: DRY-RUN — no payments are taken");
        assertThat(isVisible("#billingModeLabel")).as("billing label visible").isTrue();
        assertThat(styleClassesOf("#billingModeLabel")).contains(Styles.WARNING);
    }

    @Test
    void firstStartShowsTheAdministratorsOneTimePassword() {
        awaitText("#healthLabel", "Healthy");

        assertThat(adminNotice).contains("username: admin").containsPattern("one-time password: \\S+");
        assertThat(isShowing(ADMIN_NOTICE_DIALOG)).isFalse();
    }

    @Test
    void laterStartOnTheSameDataFolderShowsNoNotice() throws Exception {
        awaitText("#healthLabel", "Healthy");
        FxToolkit.cleanupApplication(app);

        launch(ConsoleOptions.embedded(dataDir.resolve("desktop")));
        awaitText("#connectionLabel", text -> EMBEDDED.matcher(text).matches(), "the embedded server");
        awaitText("#healthLabel", "Healthy");

        assertThat(isShowing(ADMIN_NOTICE_DIALOG)).as("admin notice shown again").isFalse();
    }

    @Test
    void statusBarShowsTheVersionTheEmbeddedServerReports() {
        awaitText("#healthLabel", "Healthy");

        try (FamiliarClient client = FamiliarClient.connect(embeddedUrl())) {
            assertThat(textOf("#versionLabel")).isEqualTo("Version " + client.health().version());
        }
    }

    @Test
    void refreshButtonKeepsAHealthyServerHealthy() {
        awaitText("#healthLabel", "Healthy");

        clickOn("#refreshButton");

        awaitText("#healthLabel", "Healthy");
    }

    @Test
    void embeddedServerKeepsItsDatabaseInTheDataFolder() {
        awaitText("#healthLabel", "Healthy");

        assertThat(dataDir.resolve("desktop")).isNotEmptyDirectory();
    }

    @Test
    void closingTheConsoleStopsTheEmbeddedServer() throws Exception {
        awaitText("#healthLabel", "Healthy");
        String url = embeddedUrl();

        FxToolkit.cleanupApplication(app);

        try (FamiliarClient client = FamiliarClient.connect(url)) {
            assertThatThrownBy(client::live).isInstanceOf(ServerUnreachableException.class);
        }
    }

    private String embeddedUrl() {
        Matcher matcher = EMBEDDED.matcher(textOf("#connectionLabel"));
        assertThat(matcher.matches()).as("connection label names the embedded server").isTrue();
        return "http://127.0.0.1:" + matcher.group(1);
    }
}
