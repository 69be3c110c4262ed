package dev.familiar.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntraConfigTest {
    static final Path HOME = Path.of("/home/someone");

    @Test
    void withoutSettingsTheDirectoryIsLocal() {
        EntraSettings entra = ConfigLoader.load(Map.of(), HOME).entra();
        assertThat(entra.enabled()).isFalse();
        assertThat(entra.tenantAuthority()).isEmpty();
        assertThat(entra.graphUrl()).isEqualTo("https://graph.microsoft.com/v1.0");
    }

    @Test
    void aTenantWithASecretIsEntraAndTheSecretIsNeverPrinted() {
        ServerConfig config = ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
                "FAMILIAR_ENTRA_CLIENT_ID", "app-1", "FAMILIAR_ENTRA_CLIENT_SECRET", "s3cr3t-value",
                "FAMILIAR_ENTRA_GRAPH_URL", "https://graph.microsoft.us/v1.0/",
                "FAMILIAR_ENTRA_AUTHORITY_URL", "https://login.microsoftonline.us"), HOME);
        EntraSettings entra = config.entra();
        assertThat(entra.enabled()).isTrue();
        assertThat(entra.graphUrl()).isEqualTo("https://graph.microsoft.us/v1.0");
        assertThat(entra.tenantAuthority()).contains("https://login.microsoftonline.us/0f1e2d3c-aaaa-bbbb-cccc-123456789abc");
        assertThat(entra.consoleClientId()).contains("app-1");
        assertThat(entra.toString()).doesNotContain("s3cr3t-value");
        assertThat(config.toString()).doesNotContain("s3cr3t-value").contains("entra=");
    }

    @Test
    void theConsoleMayHaveItsOwnApplication(@TempDir Path dir) throws Exception {
        Path pfx = Files.writeString(dir.resolve("app.pfx"), "not read here");
        EntraSettings entra = ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "contoso.onmicrosoft.com",
                "FAMILIAR_ENTRA_CLIENT_ID", "server-app", "FAMILIAR_ENTRA_CERTIFICATE_PATH", pfx.toString(),
                "FAMILIAR_ENTRA_CONSOLE_CLIENT_ID", "console-app"), HOME).entra();
        assertThat(entra.certificatePath()).contains(pfx);
        assertThat(entra.clientSecret()).isEmpty();
        assertThat(entra.consoleClientId()).contains("console-app");
    }

    @Test
    void halfAConfigurationNamesWhatIsMissing() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "t1"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_ENTRA_CLIENT_ID");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "t1",
                "FAMILIAR_ENTRA_CLIENT_ID", "c1"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_ENTRA_CLIENT_SECRET");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ENTRA_CLIENT_SECRET", "x"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_ENTRA_TENANT_ID")
                .hasMessageNotContaining("x\"");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "t1",
                "FAMILIAR_ENTRA_CLIENT_ID", "c1", "FAMILIAR_ENTRA_CERTIFICATE_PATH", "/nowhere/app.pfx"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_ENTRA_CERTIFICATE_PATH");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "t1",
                "FAMILIAR_ENTRA_CLIENT_ID", "c1", "FAMILIAR_ENTRA_CLIENT_SECRET", "x",
                "FAMILIAR_ENTRA_GRAPH_URL", "ftp://graph"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_ENTRA_GRAPH_URL");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_ENTRA_TENANT_ID", "t1/../x",
                "FAMILIAR_ENTRA_CLIENT_ID", "c1", "FAMILIAR_ENTRA_CLIENT_SECRET", "x"), HOME))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("FAMILIAR_ENTRA_TENANT_ID");
    }
}
