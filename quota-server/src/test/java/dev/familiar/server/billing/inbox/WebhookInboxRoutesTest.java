package dev.familiar.server.billing.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.billing.ReplayOutcome;
import dev.familiar.model.billing.ReplayResult;
import dev.familiar.model.billing.WebhookEventDetail;
import dev.familiar.model.billing.WebhookEventPage;
import dev.familiar.model.billing.WebhookEventView;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The administrators' webhook inbox over a real server and signed deliveries (HMAC computed here, as Stripe signs):
 * an event that keeps failing ends FAILED, is found by the status and type filters, shows its payload pretty-printed,
 * and once the cause is fixed is replayed (QUEUED) and applied; in the same replay a waiting event is left alone
 * (ALREADY_PENDING) and an unknown id is UNKNOWN; each id is audited. Called through the typed client, as the console
 * does. Bad input is 400 naming the field; an unknown event is 404.
 */
@Tag("storage")
class WebhookInboxRoutesTest {
    static final String SECRET = "whsec_inbox0123456789";
    @TempDir
    Path tempDir;
    MutableClock clock;
    FamiliarServer server;
    Identity identity;
    TypedClients clients;

    @BeforeEach
    void start() {
        clock = MutableClock.startingNow();
        server = TestServers.start(TestServers.config(tempDir)
                .withBilling(BillingSettings.dryRun().withWebhookSecrets(List.of(SECRET))), clock);
        identity = new Identity(server);
        clients = new TypedClients(server);
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop();
    }

    @Test
    void aFailedEventIsFoundShownReplayedAndAppliedWhileAWaitingOneIsLeftAlone() throws Exception {
        String orgId = HttpCalls.post(server.baseUrl() + "/api/signup",
                "{\"orgName\":\"Inbox Co\",\"email\":\"owner@inbox.example\"}").json().at("/data/orgId").asText();
        String failing = "evt_inboxfailing1";
        deliver(failing, subscriptionUpdated("sub_inbox1", orgId, "price_InboxPro1"));
        eventually("the event is given up", () -> {
            clock.advance(Duration.ofMinutes(6)); // past every backoff
            return status(failing).equals("FAILED");
        });
        String waiting = "evt_inboxwaiting1";
        deliver(waiting, subscriptionUpdated("sub_inbox2", orgId, "price_StillMissing1"));
        eventually("the waiting event's first attempt fails", () -> event(waiting).attempts() == 1
                && event(waiting).lastError() != null); // PENDING until the clock passes its backoff: it stays put

        WebhookEventPage failed = admin().webhooks().inbox("FAILED", null, null, null, null, null);
        assertThat(failed.items()).extracting(WebhookEventView::eventId).containsExactly(failing);
        assertThat(failed.items().get(0).lastError()).contains("price_InboxPro1 is not in the catalog");
        assertThat(failed.nextCursor()).isNull();
        WebhookEventPage subscriptions = admin().webhooks().inbox(null, "customer.subscription.*", null, null, null, 1);
        assertThat(subscriptions.items()).extracting(WebhookEventView::eventId).containsExactly(waiting);
        WebhookEventPage second = admin().webhooks().inbox(null, "customer.subscription.*", null, null,
                subscriptions.nextCursor(), 1);
        assertThat(second.items()).extracting(WebhookEventView::eventId).containsExactly(failing);
        assertThat(admin().webhooks().inbox(null, "customer.subscription.updated", clock.instant().plusSeconds(1), null,
                null, null).items()).isEmpty();

        WebhookEventDetail detail = admin().webhooks().event(failing);
        assertThat(detail.event().status()).isEqualTo("FAILED");
        assertThat(detail.payload()).contains("\n").contains("\"id\" : \"" + failing + "\"")
                .contains("\"price_InboxPro1\"");
        Answer raw = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events/" + failing, identity.admin().bearer());
        GoldenFiles.assertMatches("webhooks-event-200", raw.status(), masked(raw.body(), orgId));
        Answer page = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/inbox?status=FAILED&limit=1",
                identity.admin().bearer());
        GoldenFiles.assertMatches("webhooks-inbox-200", page.status(), masked(page.body(), orgId));

        putProPrice("price_InboxPro1"); // the cause is fixed
        ReplayResult result = admin().webhooks().replay(List.of(failing, waiting, "evt_neverseen", failing));
        assertThat(result.results()).containsExactly(new ReplayOutcome(failing, "QUEUED"),
                new ReplayOutcome(waiting, "ALREADY_PENDING"), new ReplayOutcome("evt_neverseen", "UNKNOWN"));
        assertThat(result.enqueued()).isEqualTo(1);
        assertThat(result.unknown()).containsExactly("evt_neverseen");
        eventually("the replay is applied", () -> status(failing).equals("APPLIED"));
        assertThat(event(failing).correlationId()).startsWith("replay-");
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, identity.admin().bearer())
                .json().at("/data/planCode").asText()).isEqualTo("pro");
        WebhookEventView left = event(waiting);
        assertThat(left.status()).isEqualTo("PENDING");
        assertThat(left.attempts()).isEqualTo(1); // not reset: left alone
        assertThat(left.correlationId()).doesNotStartWith("replay-");

        assertThat(replayAudit()).containsExactlyInAnyOrder(failing + " QUEUED|SUCCESS",
                waiting + " ALREADY_PENDING|SUCCESS", "evt_neverseen UNKNOWN|FAILURE");
    }

    @Test
    void badInboxQueriesAre400NamingTheFieldAndAnUnknownEventIs404() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("status=applied", "status");
        cases.put("status=", "status");
        cases.put("type=Invoice.Paid", "type");
        cases.put("type=invoice*paid", "type");
        cases.put("type=", "type");
        cases.put("from=yesterday", "from");
        cases.put("to=2030-01-01", "to");
        cases.put("from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to");
        cases.put("from=2030-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", "to");
        cases.put("cursor=not-ours", "cursor");
        cases.put("cursor=", "cursor");
        cases.put("limit=0", "limit");
        cases.put("limit=501", "limit");
        cases.put("limit=ten", "limit");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/inbox?" + c.getKey(),
                    identity.admin().bearer());
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(answer.json().at("/error/details/fields").has(c.getValue())).as(c.getKey() + " " + answer.body())
                    .isTrue();
        }
        Answer badId = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events/not-an-event", identity.admin().bearer());
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().at("/error/details/fields").has("eventId")).isTrue();
        Answer unknown = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events/evt_nosuchevent",
                identity.admin().bearer());
        assertThat(unknown.status()).isEqualTo(404);
        GoldenFiles.assertMatches("webhooks-event-404", unknown.status(), unknown.body());
        Answer ok = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/inbox?type=*&from=2030-01-01T00:00:00%2B02:00",
                identity.admin().bearer());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void replayRefusesBadInput() {
        for (String body : List.of("{\"eventIds\":[]}", "{}", "{\"eventIds\":[\"not-an-event\"]}",
                "{\"eventIds\":[" + "\"evt_x\",".repeat(100) + "\"evt_y\"]}")) {
            Answer answer = HttpCalls.post(server.baseUrl() + "/api/admin/webhooks/replay", body, identity.admin().bearer());
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().at("/error/details/fields").fieldNames().next()).startsWith("eventIds");
        }
    }

    // --- helpers

    String subscriptionUpdated(String subscription, String orgId, String price) {
        long now = clock.instant().getEpochSecond();
        return "{\"id\":\"" + subscription + "\",\"object\":\"subscription\",\"customer\":\"cus_x\",\"status\":\"active\","
                + "\"metadata\":{\"org_id\":\"" + orgId + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\","
                + "\"price\":{\"id\":\"" + price + "\"},\"current_period_start\":" + now + ",\"current_period_end\":"
                + (now + 2_592_000) + "}]}}";
    }

    void deliver(String id, String objectJson) throws Exception {
        String payload = "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":"
                + clock.instant().getEpochSecond() + ",\"type\":\"customer.subscription.updated\",\"livemode\":false,"
                + "\"data\":{\"object\":" + objectJson + "}}";
        long t = clock.instant().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "t=" + t + ",v1=" + HexFormat.of().formatHex(
                mac.doFinal((t + "." + payload).getBytes(StandardCharsets.UTF_8)));
        assertThat(clients.anonymous().webhooks().deliverStripeEvent(payload.getBytes(StandardCharsets.UTF_8), signature)
                .duplicate()).isFalse();
    }

    /** The administrator signed in now (the test moves the clock past a token's lifetime). */
    FamiliarClient admin() {
        return clients.as(identity.admin());
    }

    WebhookEventView event(String id) {
        return admin().webhooks().event(id).event();
    }

    String status(String id) {
        return event(id).status();
    }

    void putProPrice(String price) {
        Answer put = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/admin/catalog/plans/pro")
                .header("Authorization", identity.admin().bearer().get("Authorization"))
                .put(RequestBody.create("{\"name\":\"Pro\",\"stripePriceId\":\"" + price + "\",\"currency\":\"usd\","
                        + "\"amount\":4900,\"interval\":\"month\",\"trialDays\":0,\"tier\":2,\"includedUnits\":{\"api_call\":50000}}",
                        HttpCalls.JSON)).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    List<String> replayAudit() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT target, outcome FROM audit_log WHERE action = ?")) {
            ps.setString(1, "billing.webhooks.replay");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "|" + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** The body with the volatile values of this run (times, the organisation) replaced. */
    String masked(String body, String orgId) {
        return body.replace(orgId, "<org>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<time>")
                .replaceAll("(?<![0-9])\\d{10}(?![0-9])", "<unix>");
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
