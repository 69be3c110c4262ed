package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.CatalogClient.Archived;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archived plans over the typed client: no new customers on them (sign-up, a plan change, a new organisation), the
 * organisations already on them keep them, the list filters them, unarchiving opens them again; and the catalog's
 * validation of price ids, amounts and units.
 */
@Tag("storage")
class CatalogArchiveTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static FamiliarClient admin;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        admin = FamiliarClient.connect(server.baseUrl()).withBearer(identity.admin().token());
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.stop();
    }

    static CatalogPlan plan(String name, String priceId, int tier) {
        return CatalogPlan.of(name, priceId, "usd", 1_500, "month", 0, tier, Map.of("api_call", 2_000L));
    }

    @Test
    void anArchivedPlanTakesNoNewCustomersButKeepsItsOwn() {
        admin.catalog().put("guild", plan("Guild", "price_1Guild", 10));
        Identity.Org existing = identity.org("guild", 0);

        CatalogPlan archived = admin.catalog().archive("guild");
        assertThat(archived.archived()).isTrue();
        assertThat(archived.archivedAt()).isNotNull();
        assertThat(admin.catalog().archive("guild").archivedAt()).as("idempotent").isEqualTo(archived.archivedAt());
        Answer raw = HttpCalls.post(server.baseUrl() + "/api/admin/catalog/plans/guild/archive", "", identity.admin().bearer());
        GoldenFiles.assertMatches("catalog-plan-archive-200", raw.status(), raw.body()
                .replace(archived.archivedAt().toString(), "<archivedAt>"));

        Answer newOrg = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"Late\",\"planCode\":\"guild\"}",
                identity.admin().bearer());
        assertThat(newOrg.status()).isEqualTo(409);
        assertThat(newOrg.json().at("/error/code").asText()).isEqualTo("PLAN_ARCHIVED");
        assertThat(newOrg.json().at("/error/message").asText()).contains("guild");
        GoldenFiles.assertMatches("catalog-plan-archived-409", newOrg.status(), newOrg.body());

        // the organisation already on it keeps it and keeps metering
        Answer me = HttpCalls.get(server.baseUrl() + "/api/me/entitlements", existing.bearer());
        assertThat(me.json().at("/data/planCode").asText()).isEqualTo("guild");
        Answer consumed = HttpCalls.post(server.baseUrl() + "/api/quota/consume", "{\"orgId\":\"" + existing.orgId()
                + "\",\"value\":1,\"request_id\":\"" + UUID.randomUUID() + "\"}", existing.bearer());
        assertThat(consumed.status()).isEqualTo(200);

        assertThat(admin.catalog().list(Archived.TRUE)).extracting(CatalogPlan::code).contains("guild")
                .doesNotContain("starter", "pro", "enterprise");
        assertThat(admin.catalog().list(Archived.TRUE)).extracting(CatalogPlan::archived).containsOnly(true);
        assertThat(admin.catalog().list(Archived.FALSE)).extracting(CatalogPlan::code).doesNotContain("guild")
                .contains("starter", "pro", "enterprise");
        assertThat(admin.catalog().list()).extracting(CatalogPlan::code).contains("guild", "starter");

        CatalogPlan open = admin.catalog().unarchive("guild");
        assertThat(open.archived()).isFalse();
        assertThat(open.archivedAt()).isNull();
        assertThat(HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"Later\",\"planCode\":\"guild\"}",
                identity.admin().bearer()).status()).isEqualTo(201);
    }

    @Test
    void signUpAndPlanChangesRefuseAnArchivedPlan() {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Early\",\"email\":\"ops@early.example\"}");
        String orgId = signup.json().at("/data/orgId").asText();
        admin.catalog().put("pro-plus", plan("Pro Plus", "price_1ProPlus", 20));
        admin.catalog().archive("pro-plus");
        try {
            for (Runnable change : new Runnable[] {
                    () -> admin.billing().upgrade(orgId, "pro-plus"),
                    () -> admin.billing().preview(orgId, "pro-plus")}) {
                ApiError refused = catchThrowableOfType(change::run, ApiError.class);
                assertThat(refused.status()).isEqualTo(409);
                assertThat(refused.code()).isEqualTo(ErrorCode.PLAN_ARCHIVED);
            }
            admin.catalog().archive("starter");
            Answer closed = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Too Late\",\"email\":\"ops@late.example\"}");
            assertThat(closed.status()).isEqualTo(409);
            assertThat(closed.json().at("/error/code").asText()).isEqualTo("PLAN_ARCHIVED");
            assertThat(admin.customers().get(orgId).entitlement().planCode()).as("kept").isEqualTo("starter");
        } finally {
            admin.catalog().unarchive("starter");
        }
        assertThat(HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Open Again\",\"email\":\"ops@again.example\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void putKeepsTheArchiveStateAndRefusesToChangeIt() {
        admin.catalog().put("keep", plan("Keep", null, 30));
        admin.catalog().archive("keep");
        CatalogPlan current = admin.catalog().list(Archived.TRUE).stream().filter(p -> p.code().equals("keep")).findFirst()
                .orElseThrow();
        CatalogPlan edited = admin.catalog().put("keep", new CatalogPlan(current.code(), "Kept", current.stripePriceId(),
                current.currency(), current.amount(), current.interval(), current.trialDays(), current.tier(),
                current.includedUnits(), current.archived(), current.archivedAt()));
        assertThat(edited.name()).isEqualTo("Kept");
        assertThat(edited.archived()).isTrue();
        ApiError viaPut = catchThrowableOfType(() -> admin.catalog().put("keep", new CatalogPlan(null, "Kept", null, "usd",
                1_500L, "month", 0, 30, Map.of("api_call", 1L), false, null)), ApiError.class);
        assertThat(viaPut.status()).isEqualTo(400);
        assertThat(String.valueOf(viaPut.details().get("fields"))).contains("archived=");
        assertThat(admin.catalog().list(Archived.TRUE)).extracting(CatalogPlan::code).contains("keep");
    }

    @Test
    void badCatalogInputIs400NamingTheField() {
        Map<CatalogPlan, String> cases = Map.of(
                plan("Bad", "price_with_underscores", 40), "stripePriceId",
                plan("Bad", "price_", 40), "stripePriceId",
                plan("Bad", "prod_1Abc", 40), "stripePriceId",
                CatalogPlan.of("Bad", null, "usd", 0, "month", 0, 40, Map.of("api_call", 10L)), "amount",
                CatalogPlan.of("Bad", null, "us", 10, "month", 0, 40, Map.of("api_call", 10L)), "currency",
                CatalogPlan.of("Bad", null, "usd1", 10, "month", 0, 40, Map.of("api_call", 10L)), "currency",
                CatalogPlan.of("Bad", null, "usd", 10, "month", 0, 40, Map.of("api_call", 0L)), "includedUnits.api_call");
        cases.forEach((plan, field) -> {
            ApiError error = catchThrowableOfType(() -> admin.catalog().put("bad", plan), ApiError.class);
            assertThat(error).as(field).isNotNull();
            assertThat(error.status()).isEqualTo(400);
            assertThat(String.valueOf(error.details().get("fields"))).as(plan.toString()).contains(field + "=");
        });
        assertThat(admin.catalog().list()).extracting(CatalogPlan::code).doesNotContain("bad");
        Answer badFilter = HttpCalls.get(server.baseUrl() + "/api/admin/catalog/plans?archived=yes", identity.admin().bearer());
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.json().at("/error/details/fields").has("archived")).isTrue();
        ApiError unknown = catchThrowableOfType(() -> admin.catalog().archive("no-such-plan"), ApiError.class);
        assertThat(unknown.status()).isEqualTo(404);
        Request badCode = new Request.Builder().url(server.baseUrl() + "/api/admin/catalog/plans/Bad!/archive")
                .headers(okhttp3.Headers.of(identity.admin().bearer())).post(RequestBody.create(new byte[0])).build();
        assertThat(HttpCalls.call(badCode).status()).isEqualTo(400);
    }
}
