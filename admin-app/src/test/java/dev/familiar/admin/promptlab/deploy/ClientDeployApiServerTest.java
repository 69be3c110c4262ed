package dev.familiar.admin.promptlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClientDeployApi} against a real embedded server: what the approvals list reads. */
class ClientDeployApiServerTest {
    @TempDir
    Path dataDir;

    @Test
    void everyFunctionIsListedAcrossPagesWithinTheServersLargestPage() throws Exception {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(dataDir));
             FamiliarClient admin = FamiliarClient.connect(server.baseUrl(),
                     "Bearer " + server.inProcessAdminSession().orElseThrow().token())) {
            int count = ClientDeployApi.PAGE + 3;
            for (int i = 0; i < count; i++) {
                admin.promptLab().createFunction(String.format("fn%03d", i), null);
            }

            assertThat(new ClientDeployApi(admin.promptLab()).functions()).extracting(PromptFunctionView::name)
                    .hasSize(count).doesNotHaveDuplicates().contains("fn000", String.format("fn%03d", count - 1));
        }
    }
}
