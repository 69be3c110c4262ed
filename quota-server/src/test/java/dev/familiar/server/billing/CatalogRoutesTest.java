package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local catalog: seeded prices, adding and editing a plan with its Stripe price id, one price per plan. */
@Tag("storage")
class CatalogRoutesTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer put(String code, String body) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + "/api/admin/catalog/plans/" + code)
                .put(RequestBody.create(body, HttpCalls.JSON));
        identity.admin().bearer().forEach(b::header);
        return HttpCalls.call(b.build());
    }

    static JsonNode plans() {
        return HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans", identity.admin().bearer()).json().path("data");
    }

    @Test
    void theSeededCatalogHasPricesAndATrialOnStarter() {
        JsonNode plans = plans();
        assertThat(plans.findValuesAsText("code")).startsWith("starter", "pro", "enterprise");
        JsonNode starter = plans.get(0);
        assertThat(starter.path("trialDays").asInt()).isEqualTo(14);
        assertThat(starter.path("amount").asLong()).isEqualTo(900);
        assertThat(starter.path("stripePriceId").isNull()).isTrue();
        assertThat(starter.at("/includedUnits/api_call").asLong()).isEqualTo(1000);
    }

    @Test
    void aPlanIsAddedEditedAndUsableAtOnce() {
        String body = "{\"name\":\"Guild\",\"stripePriceId\":\"price_Guild1\",\"currency\":\"eur\",\"amount\":1900,"
                + "\"interval\":\"year\",\"trialDays\":7,\"tier\":4,\"includedUnits\":{\"api_call\":5000,\"llm_tokens\":20000}}";
        Answer created = put("guild", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().at("/data/includedUnits/llm_tokens").asLong()).isEqualTo(20000);
        GoldenFiles.assertMatches("catalog-plan-put-200", created.status(), created.body());
        Answer edited = put("guild", body.replace("5000", "6000").replace("\"Guild\"", "\"Guild Hall\""));
        assertThat(edited.json().at("/data/name").asText()).isEqualTo("Guild Hall");
        JsonNode guild = plans().findParents("code").stream().filter(p -> p.path("code").asText().equals("guild"))
                .findFirst().orElseThrow();
        assertThat(guild.at("/includedUnits/api_call").asLong()).isEqualTo(6000);
        assertThat(guild.path("interval").asText()).isEqualTo("year");

        Answer tenant = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"G\",\"planCode\":\"guild\"}",
                identity.admin().bearer());
        assertThat(tenant.status()).as(tenant.body()).isEqualTo(201);
    }

    @Test
    void aStripePriceBelongsToOnePlan() {
        String body = "{\"name\":\"A\",\"stripePriceId\":\"price_Shared1\",\"currency\":\"usd\",\"amount\":1,"
                + "\"interval\":\"month\",\"tier\":7,\"includedUnits\":{\"api_call\":1}}";
        assertThat(put("plan-a", body).status()).isEqualTo(200);
        Answer conflict = put("plan-b", body);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().at("/error/message").asText()).contains("plan-a");
        GoldenFiles.assertMatches("catalog-plan-put-409", conflict.status(), conflict.body());
        assertThat(plans().findValuesAsText("code")).doesNotContain("plan-b");
    }

    @Test
    void onlyAdminsSeeTheCatalog() {
        Answer user = HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans",
                identity.register("catalog-user").bearer());
        assertThat(user.status()).isEqualTo(403);
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans", Map.of()).status()).isEqualTo(401);
    }
}
