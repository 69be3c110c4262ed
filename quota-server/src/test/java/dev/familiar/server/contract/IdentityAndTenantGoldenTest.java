package dev.familiar.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden files of the response shapes not pinned elsewhere, and bad input of the admin tenant route. */
@Tag("storage")
class IdentityAndTenantGoldenTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account admin;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        admin = identity.admin();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String url(String path) {
        return server.baseUrl() + path;
    }

    @Test
    void apiKeyListValidateAndRefusal() {
        Account dev = identity.register("golden-keys");
        String raw = HttpCalls.post(url("/api/v1/auth/api-keys"), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"ci\"}",
                dev.bearer()).json().path("rawKey").asText();

        Answer list = HttpCalls.get(url("/api/v1/auth/api-keys?userId=" + dev.userId()), dev.bearer());
        Answer valid = HttpCalls.get(url("/api/v1/auth/api-keys/validate"), Map.of("X-Api-Key", raw));
        Answer invalid = HttpCalls.get(url("/api/v1/auth/api-keys/validate"), Map.of("X-Api-Key", "famk_nope"));

        String prefix = list.json().get(0).path("keyPrefix").asText();
        GoldenFiles.assertMatches("auth-api-key-list-200", list.status(), list.body().replace(prefix, "<prefix>"));
        GoldenFiles.assertMatches("auth-api-key-validate-200", valid.status(), valid.body());
        GoldenFiles.assertMatches("auth-api-key-validate-401", invalid.status(), invalid.body());
    }

    @Test
    void loginRefused() {
        Answer refused = HttpCalls.post(url("/api/v1/auth/login"), "{\"username\":\"nobody-golden\",\"password\":\"x\"}");

        GoldenFiles.assertMatches("auth-login-401", refused.status(), refused.body());
    }

    @Test
    void jwksAndRotation() {
        Answer rotated = HttpCalls.post(url("/api/admin/signing-keys/rotate"), "{}", admin.bearer());
        Answer jwks = HttpCalls.get(url("/oauth2/jwks"));

        assertThat(jwks.header("Content-Type")).startsWith("application/jwk-set+json");
        JsonNode key = jwks.json().path("keys").get(0);
        assertThat(key.path("kty").asText()).isEqualTo("EC");
        assertThat(key.path("crv").asText()).isEqualTo("P-256");
        assertThat(key.path("alg").asText()).isEqualTo("ES256");
        assertThat(key.has("d")).isFalse();
        GoldenFiles.assertMatches("tokens-rotate-200", rotated.status(),
                rotated.body().replace(rotated.json().at("/data/kid").asText(), "<kid>"));
    }

    @Test
    void refreshRotated() {
        String orgId = HttpCalls.post(url("/api/admin/tenants"), "{\"name\":\"Golden\",\"planCode\":\"starter\"}",
                admin.bearer()).json().at("/data/orgId").asText();
        String code = HttpCalls.post(url("/api/admin/activation-codes"),
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", admin.bearer()).json().at("/data/activationCode").asText();
        String refresh = HttpCalls.post(url("/api/tokens/activate"), "{\"activationCode\":\"" + code + "\"}")
                .json().at("/data/refreshToken").asText();

        Answer rotated = HttpCalls.post(url("/api/tokens/refresh"), "{\"refreshToken\":\"" + refresh + "\"}");

        JsonNode data = rotated.json().path("data");
        GoldenFiles.assertMatches("tokens-refresh-200", rotated.status(), rotated.body()
                .replace(data.path("accessToken").asText(), "<access>").replace(data.path("refreshToken").asText(), "<refresh>"));
    }

    @Test
    void tenantCreated() {
        Answer created = HttpCalls.post(url("/api/admin/tenants"), "{\"name\":\"Acme\",\"planCode\":\"pro\",\"trialDays\":14}",
                admin.bearer());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/data/status").asText()).isEqualTo("trialing");
        GoldenFiles.assertMatches("metering-tenant-create-201", created.status(),
                created.body().replace(created.json().at("/data/periodKey").asText(), "<periodKey>"));
    }

    @Test
    void tenantBadInputIs400NamingEachField() {
        Answer bad = HttpCalls.post(url("/api/admin/tenants"), "{\"name\":\"\",\"planCode\":\"Gold Plan\",\"trialDays\":400}",
                admin.bearer());
        Answer unknownPlan = HttpCalls.post(url("/api/admin/tenants"), "{\"name\":\"X\",\"planCode\":\"platinum\"}",
                admin.bearer());

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/fields/name").asText()).isEqualTo("is required");
        assertThat(bad.json().at("/error/details/fields/planCode").asText()).contains("plan code");
        assertThat(bad.json().at("/error/details/fields/trialDays").asText()).contains("0 and 365");
        assertThat(unknownPlan.status()).isEqualTo(400);
        assertThat(unknownPlan.json().at("/error/details/fields/planCode").asText()).isEqualTo("is not a known plan");
        GoldenFiles.assertMatches("metering-tenant-create-400", bad.status(), bad.body());
    }

    @Test
    void readiness() {
        Answer ready = HttpCalls.get(url("/health/ready"));

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("UP");
        // checks differ by backend (h2/local vs postgres/redis); the top-level shape is pinned here
        assertThat(ready.json().fieldNames()).toIterable().containsExactlyInAnyOrder("status", "service", "version", "checks");
    }
}
