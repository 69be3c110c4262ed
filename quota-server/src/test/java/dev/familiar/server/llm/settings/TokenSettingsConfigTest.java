package dev.familiar.server.llm.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TokenSettingsConfig} from the environment (or the configuration file): defaults, overrides, refusals. */
class TokenSettingsConfigTest {
    @TempDir
    Path tempDir;

    @Test
    void withoutVariablesTheBoundIsFiveSecondsAndTheTenantBounds10000And100() {
        assertThat(TokenSettingsConfig.from(Map.of()))
                .isEqualTo(new TokenSettingsConfig(Duration.ofSeconds(5), 10_000, 100));
    }

    @Test
    void theVariablesOverrideTheDefaultsAndWinOverTheFile() throws Exception {
        Path file = tempDir.resolve("familiar.properties");
        Files.writeString(file, "FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS=30\nFAMILIAR_TENANT_LIMIT_MAX_CAPACITY=777\n");

        TokenSettingsConfig config = TokenSettingsConfig.from(Map.of("FAMILIAR_CONFIG_FILE", file.toString(),
                "FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS", "2", "FAMILIAR_TENANT_LIMIT_MAX_LEAK_PER_SECOND", "50"));

        assertThat(config).isEqualTo(new TokenSettingsConfig(Duration.ofSeconds(2), 777, 50));
    }

    @Test
    void aValueOutOfRangeOrNotANumberStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> TokenSettingsConfig.from(Map.of("FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FAMILIAR_TOKEN_SETTINGS_REFRESH_SECONDS")
                .hasMessageContaining("from 1 to 3600");
        assertThatThrownBy(() -> TokenSettingsConfig.from(Map.of("FAMILIAR_TENANT_LIMIT_MAX_CAPACITY", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FAMILIAR_TENANT_LIMIT_MAX_CAPACITY");
    }
}
