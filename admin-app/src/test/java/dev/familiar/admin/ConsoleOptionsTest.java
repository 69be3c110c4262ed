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
}
