package dev.familiar.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleOptionsTest {
    private static final Path HOME = Path.of("/home/dm");

    @Test
    void withoutSettingsTheEmbeddedServerKeepsItsDataUnderTheHomeFolder() {
        ConsoleOptions options = ConsoleOptions.resolve(name -> null, Map.of(), HOME);

        assertThat(options.initialConnection())
                .isEqualTo(ConnectionSettings.embedded(Path.of("/home/dm/.familiar/desktop")));
    }

    @Test
    void dataDirVariableMovesTheEmbeddedData() {
        ConsoleOptions options = ConsoleOptions.resolve(name -> null, Map.of("FAMILIAR_DATA_DIR", "/srv/familiar"), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/srv/familiar/desktop"));
    }

    @Test
    void remoteUrlVariableConnectsToThatServerInstead() {
        ConsoleOptions options = ConsoleOptions.resolve(name -> null,
                Map.of("FAMILIAR_REMOTE_URL", "https://familiar.example.com"), HOME);

        assertThat(options.initialConnection())
                .isEqualTo(ConnectionSettings.remote("https://familiar.example.com", Credential.none()));
        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/home/dm/.familiar/desktop"));
    }

    @Test
    void systemPropertyWinsOverTheEnvironment() {
        ConsoleOptions options = ConsoleOptions.resolve(
                name -> name.equals("familiar.remote.url") ? "https://from-property.example" : null,
                Map.of("FAMILIAR_REMOTE_URL", "https://from-env.example"), HOME);

        assertThat(options.initialConnection())
                .isEqualTo(ConnectionSettings.remote("https://from-property.example", Credential.none()));
    }

    @Test
    void blankRemoteUrlStartsTheEmbeddedServer() {
        ConsoleOptions options = ConsoleOptions.resolve(name -> null, Map.of("FAMILIAR_REMOTE_URL", "  "), HOME);

        assertThat(options.initialConnection()).isInstanceOf(ConnectionSettings.Embedded.class);
    }

    @Test
    void healthIsCheckedEveryFiveSeconds() {
        assertThat(ConsoleOptions.resolve(name -> null, Map.of(), HOME).healthInterval())
                .isEqualTo(Duration.ofSeconds(5));
    }

    // A native package: its jpackage launcher sets jpackage.app-path (decision: data never in the install folder).
    private static java.util.function.UnaryOperator<String> packaged(String osName) {
        return name -> switch (name) {
            case "jpackage.app-path" -> "/opt/familiar-console/bin/Familiar Console";
            case "os.name" -> osName;
            default -> null;
        };
    }

    @Test
    void packagedConsoleOnLinuxKeepsItsDataInXdgDataHome() {
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Linux"),
                Map.of("XDG_DATA_HOME", "/home/dm/xdg-data"), HOME);

        assertThat(options.initialConnection())
                .isEqualTo(ConnectionSettings.embedded(Path.of("/home/dm/xdg-data/familiar/desktop")));
        assertThat(options.preferencesFile()).isEqualTo(Path.of("/home/dm/xdg-data/familiar/desktop/console.properties"));
    }

    @Test
    void packagedConsoleOnLinuxWithoutXdgDataHomeUsesLocalShare() {
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Linux"), Map.of(), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/home/dm/.local/share/familiar/desktop"));
    }

    @Test
    void packagedConsoleIgnoresARelativeXdgDataHome() {
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Linux"), Map.of("XDG_DATA_HOME", "data"), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/home/dm/.local/share/familiar/desktop"));
    }

    @Test
    void packagedConsoleOnWindowsKeepsItsDataInLocalAppData() {
        String localAppData = "C:\\Users\\dm\\AppData\\Local";
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Windows 11"), Map.of("LOCALAPPDATA", localAppData),
                HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of(localAppData).resolve("Familiar").resolve("desktop"));
    }

    @Test
    void packagedConsoleOnWindowsWithoutLocalAppDataUsesTheProfileFolder() {
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Windows 10"), Map.of(), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(HOME.resolve("AppData/Local/Familiar/desktop"));
    }

    @Test
    void packagedConsoleOnMacKeepsItsDataInApplicationSupport() {
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Mac OS X"), Map.of("XDG_DATA_HOME", "/ignored"), HOME);

        assertThat(options.embeddedDataDir())
                .isEqualTo(Path.of("/home/dm/Library/Application Support/Familiar/desktop"));
    }

    @Test
    void dataDirVariableWinsOverThePackagedDefault() {
        ConsoleOptions options = ConsoleOptions.resolve(packaged("Linux"),
                Map.of("FAMILIAR_DATA_DIR", "/srv/familiar", "XDG_DATA_HOME", "/home/dm/xdg-data"), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/srv/familiar/desktop"));
    }

    @Test
    void dataDirPropertyWinsOverThePackagedDefault() {
        java.util.function.UnaryOperator<String> packagedLinux = packaged("Linux");
        ConsoleOptions options = ConsoleOptions.resolve(
                name -> name.equals("familiar.data.dir") ? "/srv/by-property" : packagedLinux.apply(name),
                Map.of("XDG_DATA_HOME", "/home/dm/xdg-data"), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/srv/by-property/desktop"));
    }

    @Test
    void consoleFromTheJarIgnoresXdgDataHome() {
        ConsoleOptions options = ConsoleOptions.resolve(name -> name.equals("os.name") ? "Linux" : null,
                Map.of("XDG_DATA_HOME", "/home/dm/xdg-data"), HOME);

        assertThat(options.embeddedDataDir()).isEqualTo(Path.of("/home/dm/.familiar/desktop"));
    }
}
