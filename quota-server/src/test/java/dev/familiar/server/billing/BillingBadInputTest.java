package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every billing and catalog route answers bad input with 400 naming the field, and nothing changes. */
@Tag("storage")
class BillingBadInputTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account owner;
    static Account admin;
    static String orgId;

    record Case(String method, String path, String body, String field, boolean asAdmin) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        orgId = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Input Co\",\"email\":\"a@input.example\"}")
                .json().at("/data/orgId").asText();
        owner = identity.userInTenant("input-owner", orgId, Role.TENANT_ADMIN);
        admin = identity.admin();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer call(Case c) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + c.path());
        (c.asAdmin() ? admin : owner).bearer().forEach(b::header);
        if (c.method().equals("GET")) {
            b.get();
        } else if (c.method().equals("DELETE")) {
            b.delete();
        } else {
            b.method(c.method(), RequestBody.create(c.body(), HttpCalls.JSON));
        }
        return HttpCalls.call(b.build());
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400WithTheField() {
        String plan = "\"name\":\"Gold\",\"currency\":\"usd\",\"amount\":100,\"interval\":\"month\",\"tier\":5,"
                + "\"includedUnits\":{\"api_call\":10}";
        return Stream.of(
                new Case("POST", "/api/signup", "{\"orgName\":\"x\"}", "email", false),
                new Case("POST", "/api/signup", "{\"orgName\":\"" + "x".repeat(201) + "\",\"email\":\"a@b.example\"}", "orgName", false),
                new Case("POST", "/api/plans/preview", "{\"orgId\":\"nope\",\"planCode\":\"pro\"}", "orgId", false),
                new Case("POST", "/api/plans/preview", "{\"orgId\":\"" + orgId + "\",\"planCode\":\"Not A Plan\"}", "planCode", false),
                new Case("POST", "/api/plans/preview", "{\"orgId\":\"" + orgId + "\",\"planCode\":\"gold\"}", "planCode", false),
                new Case("POST", "/api/plans/preview", "{\"orgId\":\"" + orgId + "\",\"planCode\":\"pro\",\"proration\":\"yes\"}",
                        "proration", false),
                new Case("POST", "/api/plans/upgrade", "{\"orgId\":\"" + orgId + "\"}", "newPlanCode", false),
                new Case("POST", "/api/plans/upgrade", "{\"orgId\":\"" + orgId + "\",\"newPlanCode\":\"gold\"}", "newPlanCode", false),
                new Case("POST", "/api/plans/downgrade", "{\"newPlanCode\":\"starter\"}", "orgId", false),
                new Case("DELETE", "/api/plans/downgrade?orgId=123", "", "orgId", false),
                new Case("GET", "/api/invoices?limit=0", "", "limit", false),
                new Case("GET", "/api/invoices?limit=ten", "", "limit", false),
                new Case("GET", "/api/invoices?cursor=evt_1", "", "cursor", false),
                // an invoice id that is well formed but not one of the organisation's (found by OpenApiFuzzDrill: was 502)
                new Case("GET", "/api/invoices?cursor=in_notOneOfOurs", "", "cursor", false),
                new Case("POST", "/api/payments/setup", "{\"orgId\":42}", "orgId", false),
                new Case("POST", "/api/payments/portal", "{\"orgId\":\"nope\"}", "orgId", false),
                new Case("PUT", "/api/admin/catalog/plans/Gold!", "{" + plan + "}", "code", true),
                new Case("PUT", "/api/admin/catalog/plans/gold", "{" + plan.replace("\"usd\"", "\"USD\"") + "}", "currency", true),
                new Case("PUT", "/api/admin/catalog/plans/gold", "{" + plan.replace("\"month\"", "\"week\"") + "}", "interval", true),
                new Case("PUT", "/api/admin/catalog/plans/gold", "{" + plan.replace("100", "-1") + "}", "amount", true),
                new Case("PUT", "/api/admin/catalog/plans/gold", "{" + plan + ",\"stripePriceId\":\"prod_1\"}", "stripePriceId", true),
                new Case("PUT", "/api/admin/catalog/plans/gold", "{" + plan.replace("{\"api_call\":10}", "{}") + "}",
                        "includedUnits", true),
                new Case("GET", "/api/admin/billing/not-a-uuid", "", "orgId", true),
                new Case("POST", "/api/admin/billing/not-a-uuid/pause", "", "orgId", true),
                new Case("GET", "/api/admin/webhooks/events?status=DONE", "", "status", true),
                new Case("GET", "/api/admin/webhooks/events?limit=0", "", "limit", true))
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + c.path() + " " + c.field(), () -> {
                    Answer answer = call(c);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").toString().toLowerCase(Locale.ROOT))
                            .contains(c.field().toLowerCase(Locale.ROOT));
                }));
    }

    @Test
    void nothingChangedAfterTheBadInput() {
        Answer state = HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, admin.bearer());
        assertThat(state.json().at("/data/planCode").asText()).isEqualTo("starter");
        assertThat(state.json().at("/data/scheduledPlanCode").isNull()).isTrue();
        Answer catalog = HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans", admin.bearer());
        assertThat(catalog.json().path("data").findValuesAsText("code")).containsExactly("starter", "pro", "enterprise");
    }

    @Test
    void anUnknownOrganisationIs404ForTheAdmin() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/billing/3f1f1f1f-0000-4000-8000-000000000009",
                admin.bearer());
        assertThat(answer.status()).isEqualTo(404);
    }
}
