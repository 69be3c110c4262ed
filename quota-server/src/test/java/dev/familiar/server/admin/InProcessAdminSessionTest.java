package dev.familiar.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.diag.SmokeResult;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessAdminSessionTest {
    @TempDir
    Path dataDir;

    @Test
    void theEmbedderGetsAnAdministratorsTokenThatOpensAdminRoutesWithoutAPassword() {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(dataDir))) {
            FamiliarServer.AdminSession session = server.inProcessAdminSession().orElseThrow();

            assertThat(session.username()).isEqualTo("admin");
            assertThat(session.toString()).doesNotContain(session.token());
            HttpCalls.Answer plans = HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans",
                    Map.of("Authorization", "Bearer " + session.token()));
            assertThat(plans.status()).as(plans.body()).isEqualTo(200);
            HttpCalls.Answer anonymous = HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans");
            assertThat(anonymous.status()).isEqualTo(401);
        }
    }

    @Test
    void theTypedClientCarriesTheRequestIdOfARefusal() {
        try (FamiliarServer server = FamiliarServer.start(ServerConfig.embedded(dataDir));
             FamiliarClient client = FamiliarClient.connect(server.baseUrl(), "Bearer not-a-token")) {
            ApiError refused = org.assertj.core.api.Assertions.catchThrowableOfType(ApiError.class,
                    () -> client.transport().get("api/admin/catalog/plans").envelope(SmokeResult.class));

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.requestId()).isNotBlank();
        }
    }
}
