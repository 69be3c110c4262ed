package dev.familiar.admin.promptlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.admin.connection.ConnectionSettings;
import dev.familiar.admin.connection.Credential;
import dev.familiar.admin.preferences.ConsolePreferences;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployDialogsTest {
    @TempDir
    Path dir;

    @Test
    void theTeamServersAddressIsRememberedAndItsPasswordNever() throws Exception {
        Path file = dir.resolve("console.properties");
        ConsolePreferences preferences = ConsolePreferences.load(file);
        assertThat(DeployDialogs.suggestedUrl(preferences)).isEmpty();

        DeployDialogs.remember(preferences, ConnectionSettings.remote("https://team.example",
                Credential.password("ops", "very-secret-password")));
        preferences.save();

        assertThat(DeployDialogs.suggestedUrl(ConsolePreferences.load(file))).isEqualTo("https://team.example");
        String written = Files.readString(file);
        assertThat(written).contains("team.example").doesNotContain("very-secret-password").doesNotContain("ops");
    }

    @Test
    void anEmbeddedAnswerIsNotRemembered() {
        ConsolePreferences preferences = ConsolePreferences.load(dir.resolve("none.properties"));

        DeployDialogs.remember(preferences, ConnectionSettings.embedded(dir));

        assertThat(preferences.teamServerUrl()).isEmpty();
    }
}
