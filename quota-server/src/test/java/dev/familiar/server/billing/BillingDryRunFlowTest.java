package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.CapturedLog;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6 end to end in dry-run on a real server: sign-up with trial, renewal, preview, upgrade, downgrade and its
 * withdrawal, invoices, SetupIntent, portal, and the admin lifecycle, with the webhook worker converging our state
 * from the events the dry-run provider emits. One organisation walks through the steps in order.
 */
@Tag("storage")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingDryRunFlowTest {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(START);
    static FamiliarServer server;
    static Identity identity;
    static Account adminAccount;
    static Account ownerAccount;
    static Instant tokensAt;
    static String orgId;
    static String activationCode;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
    }

    /** Fresh tokens whenever the clock moved (access tokens live 15 minutes of the test's clock). */
    static Account admin() {
        refreshTokens();
        return adminAccount;
    }

    static Account owner() {
        refreshTokens();
        return ownerAccount;
    }

    static void refreshTokens() {
        if (clock.instant().equals(tokensAt)) {
            return;
        }
        adminAccount = identity.admin();
        ownerAccount = ownerAccount == null ? null : identity.login(ownerAccount.username(), Identity.PASSWORD);
        tokensAt = clock.instant();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String url(String path) {
        return server.baseUrl() + path;
    }

    static JsonNode entitlement() {
        return HttpCalls.get(url("/api/admin/billing/" + orgId), admin().bearer()).json().path("data");
    }

    static int invoiceCount() {
        return HttpCalls.get(url("/api/invoices?limit=100&orgId=" + orgId), admin().bearer()).json().at("/data/items").size();
    }

    @Test
    @Order(1)
    void signUpStartsTheStarterTrialAndSaysBillingIsDryRun() {
        Answer ready = HttpCalls.get(url("/health/ready"));
        assertThat(ready.json().at("/checks/billing/detail").asText()).startsWith("dry-run");

        Answer signup = HttpCalls.post(url("/api/signup"), "{\"orgName\":\"Dragon Co\",\"email\":\"Owner@Dragon.example\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        JsonNode data = signup.json().path("data");
        orgId = data.path("orgId").asText();
        activationCode = data.path("activationCode").asText();
        assertThat(data.path("planCode").asText()).isEqualTo("starter");
        assertThat(Instant.parse(data.path("trialEndsAt").asText())).isEqualTo(START.plus(Duration.ofDays(14)));
        assertThat(data.has("checkoutUrl")).isFalse();
        assertThat(activationCode).startsWith("fama_");
        String ownerCode = data.path("ownerInvitationCode").asText();
        assertThat(ownerCode).startsWith("fami_");
        GoldenFiles.assertMatches("billing-signup-200", signup.status(), signup.body().replace(activationCode, "<code>")
                .replace(ownerCode, "<owner-code>"));

        Eventually.until("the sign-up events are applied", () -> entitlement().path("subscriptionStatus").asText()
                .equals("trialing") && pending() == 0);
        JsonNode state = entitlement();
        assertThat(state.path("status").asText()).isEqualTo("trialing");
        assertThat(state.path("billingMode").asText()).isEqualTo("dry-run");
        JsonNode events = HttpCalls.get(url("/api/admin/webhooks/events"), admin().bearer()).json().path("data");
        assertThat(events).isNotEmpty();
        events.forEach(e -> assertThat(e.path("status").asText()).as(e.toString()).isIn("APPLIED", "STALE"));
        assertThat(events.findValuesAsText("type")).contains("customer.subscription.created", "invoice.paid");
    }

    static long pending() {
        return HttpCalls.get(url("/api/admin/webhooks/events?status=PENDING"), admin().bearer()).json().path("data").size();
    }

    @Test
    @Order(2)
    void theSameEmailSigningUpAgainIsOrgExists() {
        Answer again = HttpCalls.post(url("/api/signup"), "{\"orgName\":\"Other\",\"email\":\"owner@dragon.example \"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().at("/error/code").asText()).isEqualTo("ORG_EXISTS");
        GoldenFiles.assertMatches("billing-signup-409", again.status(), again.body());
    }

    @Test
    @Order(3)
    void badSignUpInputIsA400NamingTheFields() {
        Answer bad = HttpCalls.post(url("/api/signup"), "{\"orgName\":\"\",\"email\":\"not-an-email\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/fields").has("orgName")).isTrue();
        assertThat(bad.json().at("/error/details/fields").has("email")).isTrue();
    }

    @Test
    @Order(4)
    void theActivationCodeFromSignUpGivesThePluginItsTokens() {
        Answer activated = HttpCalls.post(url("/api/tokens/activate"), "{\"activationCode\":\"" + activationCode + "\"}");
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        String token = activated.json().at("/data/accessToken").asText();
        Answer me = HttpCalls.get(url("/api/me/entitlements"), Map.of("Authorization", "Bearer " + token));
        assertThat(me.json().at("/data/planCode").asText()).isEqualTo("starter");
        assertThat(me.json().at("/data/status").asText()).isEqualTo("trialing");
    }

    @Test
    @Order(5)
    void renewalAfterTheTrialBillsTheFirstPeriod() throws Exception {
        ownerAccount = identity.userInTenant("dragon-owner", orgId, Role.TENANT_ADMIN);
        assertThat(invoiceCount()).isEqualTo(1); // the trial's 0.00 invoice
        Answer early = HttpCalls.post(url("/api/admin/billing/" + orgId + "/renew"), "{}", admin().bearer());
        assertThat(early.status()).isEqualTo(409);

        clock.advance(Duration.ofDays(14));
        Answer renewed = HttpCalls.post(url("/api/admin/billing/" + orgId + "/renew"), "{}", admin().bearer());
        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        Eventually.until("the renewal is applied", () -> entitlement().path("status").asText().equals("active")
                && pending() == 0);
        assertThat(Instant.parse(entitlement().path("currentPeriodEnd").asText()))
                .isEqualTo(Instant.parse("2026-02-15T00:00:00Z"));
        JsonNode invoices = HttpCalls.get(url("/api/invoices"), owner().bearer()).json().at("/data/items");
        assertThat(invoices).hasSize(2);
        assertThat(invoices.get(0).path("amount").asLong()).isEqualTo(900);
        assertThat(invoices.get(0).path("status").asText()).isEqualTo("paid");
        assertThat(invoices.get(0).path("url").asText()).startsWith("https://");
    }

    @Test
    @Order(6)
    void previewShowsTheDayBasedProrationAndWritesNothing() {
        clock.advance(Duration.ofDays(10)); // 2026-01-25: 21 of 31 days left
        int before = invoiceCount();
        Answer preview = HttpCalls.post(url("/api/plans/preview"),
                "{\"orgId\":\"" + orgId + "\",\"planCode\":\"pro\"}", owner().bearer());
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode data = preview.json().path("data");
        // credit 900 × 21/31 = 610 (rounded), charge 4900 × 21/31 = 3319
        assertThat(data.path("amount").asLong()).isEqualTo(3319 - 610);
        assertThat(data.path("currency").asText()).isEqualTo("usd");
        assertThat(data.path("proration").asBoolean()).isTrue();
        assertThat(data.path("items")).hasSize(2);
        GoldenFiles.assertMatches("billing-preview-200", preview.status(), preview.body());
        assertThat(invoiceCount()).isEqualTo(before);
        assertThat(entitlement().path("planCode").asText()).isEqualTo("starter");

        Answer noProration = HttpCalls.post(url("/api/plans/preview"),
                "{\"orgId\":\"" + orgId + "\",\"planCode\":\"pro\",\"proration\":false}", owner().bearer());
        assertThat(noProration.json().at("/data/amount").asLong()).isEqualTo(4900);
        assertThat(noProration.json().at("/data/proration").asBoolean()).isFalse();
    }

    @Test
    @Order(7)
    void upgradeIsImmediateKeepsCountersAndChargesOnce() {
        String token = pluginToken();
        Answer used = HttpCalls.post(url("/api/quota/consume"), "{\"orgId\":\"" + orgId + "\",\"value\":7,\"request_id\":\""
                + UUID.randomUUID() + "\"}", Map.of("Authorization", "Bearer " + token));
        assertThat(used.status()).as(used.body()).isEqualTo(200);
        int before = invoiceCount();
        String body = "{\"orgId\":\"" + orgId + "\",\"newPlanCode\":\"pro\"}";
        Answer first = HttpCalls.post(url("/api/plans/upgrade"), body, owner().bearer());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().at("/data/planCode").asText()).isEqualTo("pro");
        assertThat(first.json().at("/data/includedUnits/api_call").asLong()).isEqualTo(50_000);
        GoldenFiles.assertMatches("billing-upgrade-200", first.status(), first.body());
        Answer repeat = HttpCalls.post(url("/api/plans/upgrade"), body, owner().bearer());
        assertThat(repeat.json().path("data")).isEqualTo(first.json().path("data"));
        Eventually.until("the upgrade events are applied", () -> pending() == 0);
        assertThat(invoiceCount()).isEqualTo(before + 1);
        JsonNode proration = HttpCalls.get(url("/api/invoices?limit=1"), owner().bearer()).json().at("/data/items/0");
        assertThat(proration.path("amount").asLong()).isEqualTo(3319 - 610);

        Answer me = HttpCalls.get(url("/api/me/entitlements"), Map.of("Authorization", "Bearer " + token));
        assertThat(me.json().at("/data/planCode").asText()).isEqualTo("pro");
        assertThat(me.json().at("/data/used").asLong()).isEqualTo(7);
        assertThat(me.json().at("/data/includedUnits").asLong()).isEqualTo(50_000);

        Answer sideways = HttpCalls.post(url("/api/plans/upgrade"), "{\"orgId\":\"" + orgId + "\",\"newPlanCode\":\"starter\"}",
                owner().bearer());
        assertThat(sideways.status()).isEqualTo(409);
    }

    static String pluginToken() {
        String code = HttpCalls.post(url("/api/admin/activation-codes"),
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"dragon.example\"}", admin().bearer()).json().at("/data/activationCode").asText();
        return HttpCalls.post(url("/api/tokens/activate"), "{\"activationCode\":\"" + code + "\"}")
                .json().at("/data/accessToken").asText();
    }

    @Test
    @Order(8)
    void downgradeIsScheduledForPeriodEndCanBeRewrittenAndWithdrawn() {
        String body = "{\"orgId\":\"" + orgId + "\",\"newPlanCode\":\"starter\"}";
        Answer scheduled = HttpCalls.post(url("/api/plans/downgrade"), body, owner().bearer());
        assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(200);
        assertThat(scheduled.json().at("/data/effectiveAt").asText()).isEqualTo("2026-02-15T00:00:00Z");
        assertThat(scheduled.json().at("/data/newPlanCode").asText()).isEqualTo("starter");
        GoldenFiles.assertMatches("billing-downgrade-200", scheduled.status(), scheduled.body());
        Answer again = HttpCalls.post(url("/api/plans/downgrade"), body, owner().bearer());
        assertThat(again.json().path("data")).isEqualTo(scheduled.json().path("data"));
        assertThat(entitlement().path("scheduledPlanCode").asText()).isEqualTo("starter");
        assertThat(entitlement().path("planCode").asText()).isEqualTo("pro");

        String withdraw = url("/api/plans/downgrade?orgId=" + orgId);
        assertThat(HttpCalls.call(delete(withdraw)).status()).isEqualTo(200);
        assertThat(entitlement().path("scheduledPlanCode").isNull()).isTrue();
        assertThat(HttpCalls.call(delete(withdraw)).status()).isEqualTo(404);

        assertThat(HttpCalls.post(url("/api/plans/downgrade"), body, owner().bearer()).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(21)); // 2026-02-15, the period's end
        assertThat(HttpCalls.post(url("/api/admin/billing/" + orgId + "/renew"), "", admin().bearer()).status()).isEqualTo(200);
        Eventually.until("the downgrade takes effect", () -> entitlement().path("planCode").asText().equals("starter")
                && pending() == 0);
        assertThat(entitlement().path("scheduledPlanCode").isNull()).isTrue();
        JsonNode latest = HttpCalls.get(url("/api/invoices?limit=1"), owner().bearer()).json().at("/data/items/0");
        assertThat(latest.path("amount").asLong()).isEqualTo(900);
        // the renewal opened a new period: fresh counters, the starter allowance
        Answer me = HttpCalls.get(url("/api/me/entitlements"), Map.of("Authorization", "Bearer " + pluginToken()));
        assertThat(me.json().at("/data/periodKey").asText()).isEqualTo("2026-02-15");
        assertThat(me.json().at("/data/used").asLong()).isZero();
        assertThat(me.json().at("/data/includedUnits").asLong()).isEqualTo(1_000);
    }

    static okhttp3.Request delete(String target) {
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(target).delete();
        owner().bearer().forEach(b::header);
        return b.build();
    }

    @Test
    @Order(9)
    void invoicesPageWithACursor() {
        Answer firstPage = HttpCalls.get(url("/api/invoices?limit=2"), owner().bearer());
        GoldenFiles.assertMatches("billing-invoices-200", firstPage.status(),
                firstPage.body().replaceAll("in_[A-Za-z0-9]+", "<invoice>"));
        JsonNode first = firstPage.json().path("data");
        assertThat(first.path("items")).hasSize(2);
        String cursor = first.path("nextCursor").asText();
        assertThat(cursor).startsWith("in_");
        JsonNode second = HttpCalls.get(url("/api/invoices?limit=2&cursor=" + cursor), owner().bearer()).json().path("data");
        assertThat(second.path("items")).isNotEmpty();
        assertThat(second.path("items").get(0).path("id").asText()).isNotIn(first.path("items").findValuesAsText("id"));
        Answer tooMany = HttpCalls.get(url("/api/invoices?limit=101"), owner().bearer());
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/error/details/fields").has("limit")).isTrue();
    }

    @Test
    @Order(10)
    void setupIntentSecretIsAnsweredButNeverLogged() {
        try (CapturedLog log = new CapturedLog()) {
            Answer setup = HttpCalls.post(url("/api/payments/setup"), "", owner().bearer());
            assertThat(setup.status()).as(setup.body()).isEqualTo(200);
            String secret = setup.json().at("/data/clientSecret").asText();
            assertThat(secret).startsWith("seti_").contains("_secret_");
            assertThat(log.text()).doesNotContain(secret);
            GoldenFiles.assertMatches("billing-setup-200", setup.status(), setup.body().replace(secret, "<secret>"));
        }
        Answer portal = HttpCalls.post(url("/api/payments/portal"), "{\"orgId\":\"" + orgId + "\"}", owner().bearer());
        assertThat(portal.status()).isEqualTo(200);
        assertThat(portal.json().at("/data/url").asText()).startsWith("https://");
        GoldenFiles.assertMatches("billing-portal-200", portal.status(), portal.body().replaceAll("bps_[A-Za-z0-9]+", "<session>"));
    }

    @Test
    @Order(11)
    void anotherTenantsUserIsRefused() {
        Account stranger = identity.register("billing-stranger");
        Answer preview = HttpCalls.post(url("/api/plans/preview"), "{\"orgId\":\"" + orgId + "\",\"planCode\":\"pro\"}",
                stranger.bearer());
        assertThat(preview.status()).isEqualTo(403);
        Answer invoices = HttpCalls.get(url("/api/invoices?orgId=" + orgId), stranger.bearer());
        assertThat(invoices.status()).isEqualTo(403);
        Answer own = HttpCalls.get(url("/api/invoices"), stranger.bearer());
        assertThat(own.status()).isEqualTo(404); // a registered user's tenant has no billing account
    }

    @Test
    @Order(12)
    void pauseResumeAndDiscontinueAreIdempotentAndFollowedByTheEntitlement() {
        String base = url("/api/admin/billing/" + orgId);
        Answer paused = HttpCalls.post(base + "/pause", "", admin().bearer());
        assertThat(paused.json().at("/data/paused").asBoolean()).isTrue();
        assertThat(paused.json().at("/data/status").asText()).isEqualTo("paused");
        GoldenFiles.assertMatches("billing-admin-pause-200", paused.status(),
                paused.body().replace(paused.json().at("/data/subscriptionId").asText(), "<subscription>"));
        assertThat(HttpCalls.post(base + "/pause", "", admin().bearer()).json().at("/data/paused").asBoolean()).isTrue();
        Answer check = HttpCalls.post(url("/api/quota/check"), "{\"orgId\":\"" + orgId + "\"}",
                Map.of("Authorization", "Bearer " + pluginToken()));
        assertThat(check.status()).isEqualTo(402);
        Answer resumed = HttpCalls.post(base + "/resume", "", admin().bearer());
        assertThat(resumed.json().at("/data/status").asText()).isEqualTo("active");
        Answer discontinued = HttpCalls.post(base + "/discontinue", "", admin().bearer());
        assertThat(discontinued.json().at("/data/cancelAtPeriodEnd").asBoolean()).isTrue();
        okhttp3.Request.Builder undo = new okhttp3.Request.Builder().url(base + "/discontinue").delete();
        admin().bearer().forEach(undo::header);
        assertThat(HttpCalls.call(undo.build()).json().at("/data/cancelAtPeriodEnd").asBoolean()).isFalse();
        Eventually.until("lifecycle events are applied", () -> pending() == 0);
        assertThat(entitlement().path("status").asText()).isEqualTo("active");
    }

    @Test
    @Order(13)
    void cancelNowRefundsTheUnusedPartOnceAndRecordsTheFormula() {
        clock.advance(Duration.ofDays(8)); // 2026-02-23: 20 of 28 days left in the period paid 900
        String base = url("/api/admin/billing/" + orgId);
        Answer canceled = HttpCalls.post(base + "/cancel", "", admin().bearer());
        assertThat(canceled.status()).as(canceled.body()).isEqualTo(200);
        JsonNode data = canceled.json().path("data");
        assertThat(data.path("status").asText()).isEqualTo("canceled");
        assertThat(data.path("refunds")).hasSize(1);
        assertThat(data.at("/refunds/0/amount").asLong()).isEqualTo(643); // 900 × 20 / 28 = 642.86
        assertThat(data.at("/refunds/0/formula").asText()).contains("900 × 20 / 28 = 643");
        GoldenFiles.assertMatches("billing-cancel-200", canceled.status(), canceled.body()
                .replace(data.path("subscriptionId").asText(), "<subscription>")
                .replace(data.at("/refunds/0/invoiceId").asText(), "<invoice>"));
        Answer again = HttpCalls.post(base + "/cancel", "", admin().bearer());
        assertThat(again.json().at("/data/refunds")).hasSize(1);
        Eventually.until("the cancellation is applied", () -> pending() == 0);
        assertThat(entitlement().path("status").asText()).isEqualTo("canceled");
    }
}
