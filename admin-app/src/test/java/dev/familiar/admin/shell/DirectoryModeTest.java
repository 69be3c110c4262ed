package dev.familiar.admin.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.HealthReport.ComponentHealth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectoryModeTest {

    @Test
    void theLocalDirectoryReadsAsADryRun() {
        DirectoryMode mode = DirectoryMode.of(report("UP", "local: dry-run of Microsoft Entra, groups in this server's database"));

        assertThat(mode.state()).isEqualTo(DirectoryMode.State.LOCAL);
        assertThat(mode.text()).isEqualTo("Directory: local (dry-run)");
        assertThat(mode.known()).isTrue();
        assertThat(mode.warning()).isFalse();
        assertThat(mode.detail()).isEqualTo("local: dry-run of Microsoft Entra, groups in this server's database");
    }

    @Test
    void entraReadsEntraAndWarnsWhenItDoesNotAnswer() {
        DirectoryMode up = DirectoryMode.of(report("UP", "entra: tenant 0f1e2d3c via https://graph.microsoft.com/v1.0"));
        DirectoryMode down = DirectoryMode.of(report("DEGRADED",
                "entra: tenant 0f1e2d3c via https://graph.microsoft.com/v1.0; not reachable: token refused"));

        assertThat(up.text()).isEqualTo("Directory: Microsoft Entra");
        assertThat(up.warning()).isFalse();
        assertThat(down.state()).isEqualTo(DirectoryMode.State.ENTRA_UNREACHABLE);
        assertThat(down.text()).isEqualTo("Directory: Microsoft Entra — unreachable");
        assertThat(down.warning()).isTrue();
    }

    @Test
    void aServerWithoutADirectoryCheckLeavesItUnknownAndHidden() {
        DirectoryMode mode = DirectoryMode.of(new HealthReport("UP", "familiar-quota-server", "0.1.0",
                Map.of("database", new ComponentHealth("UP", "h2"))));

        assertThat(mode).isEqualTo(DirectoryMode.UNKNOWN);
        assertThat(mode.known()).isFalse();
        assertThat(DirectoryMode.of(null)).isEqualTo(DirectoryMode.UNKNOWN);
    }

    private static HealthReport report(String status, String detail) {
        return new HealthReport("UP", "familiar-quota-server", "0.1.0", Map.of(
                "database", new ComponentHealth("UP", "h2"),
                "directory", new ComponentHealth(status, detail)));
    }
}
