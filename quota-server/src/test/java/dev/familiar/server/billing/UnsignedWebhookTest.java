package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.testing.CapturedLog;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1: without a signing secret, an anonymous webhook must not change billing state. In the default
 * configuration (dry-run, no secret) unsigned events are refused and nothing is stored, while the dry-run provider's
 * own events still reach the inbox; only the development switch accepts them, and then it warns for each.
 */
class UnsignedWebhookTest {
    @TempDir
    Path tempDir;

    @Test
    void byDefaultAnonymousSubscriptionEventsAreRefusedAndChangeNothing() {
        FamiliarServer server = TestServers.start(TestServers.config(tempDir));
        try (CapturedLog log = new CapturedLog()) {
            Identity identity = new Identity(server);
            String upgraded = signUp(server, "upgrade-me");
            String canceled = signUp(server, "cancel-me");
            JsonNode upgradedBefore = billingState(server, identity, upgraded);
            JsonNode canceledBefore = billingState(server, identity, canceled);
            assertThat(upgradedBefore.path("planCode").asText()).isEqualTo("starter");
            assertThat(upgradedBefore.path("status").asText()).isEqualToIgnoringCase("trialing");

            String updateId = newId();
            Answer update = postUnsigned(server, subscriptionEvent(updateId, "customer.subscription.updated", upgraded));
            String deleteId = newId();
            Answer delete = postUnsigned(server, subscriptionEvent(deleteId, "customer.subscription.deleted", canceled));

            for (Answer refused : new Answer[] {update, delete}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(403);
                assertThat(refused.json().at("/ok").asBoolean()).isFalse();
                assertThat(refused.json().at("/error/code").asText()).isEqualTo("FORBIDDEN");
                assertThat(refused.json().at("/error/message").asText())
                        .contains("FAMILIAR_STRIPE_WEBHOOK_SECRET", "FAMILIAR_STRIPE_WEBHOOKS_ALLOW_UNSIGNED");
            }
            GoldenFiles.assertMatches("billing-webhook-403-unsigned", update.status(), update.body());
            JsonNode inbox = inbox(server, identity);
            assertThat(inbox.findValuesAsText("eventId")).doesNotContain(updateId, deleteId)
                    .as("the dry-run provider's own events still reach the inbox").isNotEmpty();
            assertThat(billingState(server, identity, upgraded)).isEqualTo(upgradedBefore);
            assertThat(billingState(server, identity, canceled)).isEqualTo(canceledBefore);
            assertThat(log.text()).contains("Unsigned webhook refused").doesNotContain("accepted WITHOUT a signature check");
            assertThat(ready(server)).doesNotContain("UNSIGNED");
        } finally {
            server.stop();
        }
    }

    @Test
    void theDevelopmentSwitchAcceptsUnsignedEventsWarnsForEachAndShowsInReadiness() {
        FamiliarServer server;
        String startLog;
        try (CapturedLog log = new CapturedLog()) {
            server = TestServers.start(TestServers.config(tempDir)
                    .withBilling(BillingSettings.dryRun().withUnsignedWebhooksAllowed(true)));
            startLog = log.text();
        }
        try (CapturedLog log = new CapturedLog()) {
            assertThat(startLog).contains("UNSIGNED WEBHOOKS ARE ACCEPTED");
            Identity identity = new Identity(server);
            String org = signUp(server, "dev-switch");
            String id = newId();
            Answer accepted = postUnsigned(server, subscriptionEvent(id, "customer.subscription.updated", org));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            Eventually.until("the unsigned event is applied",
                    () -> "enterprise".equals(billingState(server, identity, org).path("planCode").asText()));
            assertThat(billingState(server, identity, org).path("status").asText()).isEqualToIgnoringCase("active");
            Answer another = postUnsigned(server, "{\"id\":\"" + newId() + "\",\"object\":\"event\",\"created\":"
                    + Instant.now().getEpochSecond() + ",\"type\":\"customer.updated\",\"data\":{\"object\":"
                    + "{\"id\":\"cus_nobody\",\"object\":\"customer\"}}}");
            assertThat(another.status()).as(another.body()).isEqualTo(202);
            assertThat(log.lines().stream().filter(l -> l.contains("\"level\":\"WARN\"")
                    && l.contains("accepted WITHOUT a signature check"))).as("one warning per accepted event").hasSize(2);
            assertThat(ready(server)).contains("UNSIGNED WEBHOOKS ACCEPTED");
        } finally {
            server.stop();
        }
    }

    private static String signUp(FamiliarServer server, String name) {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup",
                "{\"orgName\":\"" + name + "\",\"email\":\"" + name + "-" + UUID.randomUUID() + "@example.com\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        return signup.json().at("/data/orgId").asText();
    }

    private static JsonNode billingState(FamiliarServer server, Identity identity, String orgId) {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, identity.admin().bearer());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("data");
    }

    private static JsonNode inbox(FamiliarServer server, Identity identity) {
        return HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events?limit=500", identity.admin().bearer())
                .json().path("data");
    }

    private static String ready(FamiliarServer server) {
        return HttpCalls.get(server.baseUrl() + "/health/ready").body();
    }

    /** What the probe sent: the organisation's subscription moved to enterprise (or ended), naming it in metadata. */
    private static String subscriptionEvent(String id, String type, String orgId) {
        long now = Instant.now().getEpochSecond() + 60;
        String subscription = "{\"id\":\"sub_forged_" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"object\":\"subscription\",\"customer\":\"cus_forged\",\"status\":\"active\","
                + "\"metadata\":{\"org_id\":\"" + orgId + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\","
                + "\"price\":{\"id\":\"price_dryrun_enterprise\"},\"current_period_start\":" + now
                + ",\"current_period_end\":" + (now + 2_592_000) + "}]}}";
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"created\":" + now + ",\"type\":\"" + type
                + "\",\"livemode\":false,\"data\":{\"object\":" + subscription + "}}";
    }

    private static Answer postUnsigned(FamiliarServer server, String payload) {
        return HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/webhooks/stripe")
                .post(RequestBody.create(payload, HttpCalls.JSON)).build());
    }

    private static String newId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }
}
