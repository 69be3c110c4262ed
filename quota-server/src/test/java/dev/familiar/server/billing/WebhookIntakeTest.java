package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * UC-12 intake and UC-16 replay on a server with two signing secrets (a rotation in progress): signatures are
 * HMAC-SHA256 over {@code t.payload}, computed here; bad ones are 400 and store nothing; duplicates are 202 and
 * queue nothing new; an event that keeps failing ends FAILED with its error and can be replayed once fixed.
 */
@Tag("storage")
class WebhookIntakeTest {
    static final String CURRENT = "whsec_current0123456789";
    static final String PREVIOUS = "whsec_previous0123456789";
    @TempDir
    Path tempDir;
    static MutableClock clock;
    static FamiliarServer server;
    static Identity identity;

    /** A server of its own per test: one test moves the clock an hour forward. */
    @BeforeEach
    void start() {
        clock = MutableClock.startingNow();
        server = TestServers.start(TestServers.config(tempDir)
                .withBilling(BillingSettings.dryRun().withWebhookSecrets(List.of(CURRENT, PREVIOUS))), clock);
        identity = new Identity(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    static String hmacHeader(String secret, long timestamp, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] sig = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
        return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(sig);
    }

    static Answer post(String payload, String signatureHeader) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + "/api/webhooks/stripe")
                .post(RequestBody.create(payload.getBytes(StandardCharsets.UTF_8), HttpCalls.JSON));
        if (signatureHeader != null) {
            b.header("Stripe-Signature", signatureHeader);
        }
        return HttpCalls.call(b.build());
    }

    static String event(String id, String type, String objectJson) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"2026-07-29.dahlia\",\"created\":"
                + clock.instant().getEpochSecond() + ",\"type\":\"" + type + "\",\"livemode\":false,\"data\":{\"object\":"
                + objectJson + "}}";
    }

    static long now() {
        return clock.instant().getEpochSecond();
    }

    static Optional<JsonNode> inboxEvent(String id) {
        JsonNode list = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events?limit=500", identity.admin().bearer())
                .json().path("data");
        for (JsonNode e : list) {
            if (e.path("eventId").asText().equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    static String newId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aValidEventIsStoredOnceAndADuplicateQueuesNothing() throws Exception {
        String id = newId();
        String payload = event(id, "customer.updated", "{\"id\":\"cus_unknown\",\"object\":\"customer\",\"email\":\"x@y.example\"}");
        Answer first = post(payload, hmacHeader(CURRENT, now(), payload));
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().at("/data/duplicate").asBoolean()).isFalse();
        GoldenFiles.assertMatches("billing-webhook-202", first.status(), first.body().replace(id, "<event>"));
        Answer again = post(payload, hmacHeader(CURRENT, now(), payload));
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().at("/data/duplicate").asBoolean()).isTrue();
        Eventually.until("the event is worked", () -> inboxEvent(id).map(e -> !e.path("status").asText().equals("PENDING"))
                .orElse(false));
        JsonNode stored = inboxEvent(id).orElseThrow();
        assertThat(stored.path("status").asText()).isEqualTo("IGNORED"); // no organisation has this customer
        assertThat(stored.path("attempts").asInt()).isEqualTo(1);
        assertThat(stored.path("correlationId").asText()).isEqualTo(first.json().at("/meta/correlationId").asText());
    }

    @Test
    void theRotatedOutSecretIsStillAcceptedDuringTheRotation() throws Exception {
        String id = newId();
        String payload = event(id, "invoice.created", "{\"id\":\"in_1\",\"object\":\"invoice\"}");
        assertThat(post(payload, hmacHeader(PREVIOUS, now(), payload)).status()).isEqualTo(202);
    }

    @Test
    void badSignaturesAre400AndStoreNothing() throws Exception {
        String id = newId();
        String payload = event(id, "invoice.paid", "{\"id\":\"in_2\",\"object\":\"invoice\"}");
        String tampered = payload.replace("invoice.paid", "invoice.void");
        Map<String, String> cases = Map.of(
                "tampered payload", hmacHeader(CURRENT, now(), payload),
                "too old", hmacHeader(CURRENT, now() - 301, tampered),
                "unknown secret", hmacHeader("whsec_someoneelse000000", now(), tampered),
                "no v1", "t=" + now(),
                "garbage", "nonsense");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Answer answer = post(tampered, c.getValue());
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(answer.json().at("/error/details/fields").has("Stripe-Signature")).as(c.getKey()).isTrue();
        }
        Answer wrong = post(tampered, hmacHeader(CURRENT, now(), payload));
        GoldenFiles.assertMatches("billing-webhook-400-signature", wrong.status(), wrong.body());
        Answer missing = post(tampered, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(inboxEvent(id)).isEmpty();
        // a fresh, correct signature over the same bytes is accepted
        assertThat(post(tampered, hmacHeader(CURRENT, now() - 299, tampered)).status()).isEqualTo(202);
    }

    @Test
    void aSignedBodyThatIsNotAnEventIs400() throws Exception {
        String notJson = "{not json";
        assertThat(post(notJson, hmacHeader(CURRENT, now(), notJson)).status()).isEqualTo(400);
        String noId = "{\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":{}}}";
        Answer answer = post(noId, hmacHeader(CURRENT, now(), noId));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields").has("id")).isTrue();
    }

    @Test
    void anEventThatKeepsFailingEndsFailedVisibleToAdminsAndReplaysOnceFixed() throws Exception {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup",
                "{\"orgName\":\"Failing Co\",\"email\":\"owner@failing.example\"}");
        String orgId = signup.json().at("/data/orgId").asText();
        String id = newId();
        String subscription = "{\"id\":\"sub_failing\",\"object\":\"subscription\",\"customer\":\"cus_x\",\"status\":\"active\","
                + "\"metadata\":{\"org_id\":\"" + orgId + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\","
                + "\"price\":{\"id\":\"price_NotInCatalog1\"},\"current_period_start\":" + now() + ",\"current_period_end\":"
                + (now() + 2_592_000) + "}]}}";
        String payload = event(id, "customer.subscription.updated", subscription);
        assertThat(post(payload, hmacHeader(CURRENT, now(), payload)).status()).isEqualTo(202);
        Eventually.until("the event is given up", () -> {
            clock.advance(Duration.ofMinutes(6)); // past every backoff
            return inboxEvent(id).map(e -> e.path("status").asText().equals("FAILED")).orElse(false);
        });
        JsonNode failed = inboxEvent(id).orElseThrow();
        assertThat(failed.path("attempts").asInt()).isEqualTo(8);
        assertThat(failed.path("lastError").asText()).contains("price_NotInCatalog1 is not in the catalog");
        JsonNode failedList = HttpCalls.get(server.baseUrl() + "/api/admin/webhooks/events?status=FAILED",
                identity.admin().bearer()).json().path("data");
        assertThat(failedList.findValuesAsText("eventId")).contains(id);

        Answer put = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/admin/catalog/plans/pro")
                .header("Authorization", identity.admin().bearer().get("Authorization"))
                .put(RequestBody.create("{\"name\":\"Pro\",\"stripePriceId\":\"price_NotInCatalog1\",\"currency\":\"usd\","
                        + "\"amount\":4900,\"interval\":\"month\",\"trialDays\":0,\"tier\":2,\"includedUnits\":{\"api_call\":50000}}",
                        HttpCalls.JSON)).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String replay = "{\"eventIds\":[\"" + id + "\",\"evt_neverseen\"]}";
        Answer replayed = HttpCalls.post(server.baseUrl() + "/api/admin/webhooks/replay", replay, identity.admin().bearer());
        assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
        assertThat(replayed.json().at("/data/enqueued").asInt()).isEqualTo(1);
        assertThat(replayed.json().at("/data/unknown/0").asText()).isEqualTo("evt_neverseen");
        GoldenFiles.assertMatches("billing-webhook-replay-200", replayed.status(), replayed.body().replace(id, "<event>"));
        Eventually.until("the replay is applied", () -> inboxEvent(id).map(e -> e.path("status").asText().equals("APPLIED"))
                .orElse(false));
        assertThat(inboxEvent(id).orElseThrow().path("correlationId").asText()).startsWith("replay-");
        JsonNode state = HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, identity.admin().bearer())
                .json().path("data");
        assertThat(state.path("planCode").asText()).isEqualTo("pro");
        // replaying an applied event again is safe: it is stale against itself and changes nothing
        Answer again = HttpCalls.post(server.baseUrl() + "/api/admin/webhooks/replay", replay, identity.admin().bearer());
        assertThat(again.json().at("/data/enqueued").asInt()).isEqualTo(1);
        Eventually.until("the second replay is worked", () -> inboxEvent(id).map(e -> e.path("status").asText().equals("STALE"))
                .orElse(false));
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, identity.admin().bearer())
                .json().at("/data/planCode").asText()).isEqualTo("pro");
    }

    @Test
    void replayRefusesBadInput() {
        for (String body : List.of("{\"eventIds\":[]}", "{}", "{\"eventIds\":[\"not-an-event\"]}")) {
            Answer answer = HttpCalls.post(server.baseUrl() + "/api/admin/webhooks/replay", body, identity.admin().bearer());
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().at("/error/details/fields").fieldNames().next()).startsWith("eventIds");
        }
    }

    @Test
    void aCreatedTimeOutsideSaneUnixSecondsIs400AndStoresNothing() throws Exception {
        String huge = "9".repeat(1000);
        for (String created : List.of(huge, "-1", "1", "99999999999", "1.5e9", "\"1767225600\"")) {
            String id = newId();
            String payload = "{\"id\":\"" + id + "\",\"object\":\"event\",\"created\":" + created
                    + ",\"type\":\"invoice.created\",\"data\":{\"object\":{\"id\":\"in_9\",\"object\":\"invoice\"}}}";
            Answer answer = post(payload, hmacHeader(CURRENT, now(), payload));
            assertThat(answer.status()).as(created.length() > 20 ? "1000 digits" : created).isEqualTo(400);
            assertThat(answer.json().at("/error/details/fields").has("created")).isTrue();
            assertThat(inboxEvent(id)).isEmpty();
        }
    }
}
