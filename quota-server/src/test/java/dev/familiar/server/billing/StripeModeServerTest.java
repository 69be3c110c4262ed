package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server in Stripe mode whose Stripe is a local HTTP server answering with Stripe's JSON: sign-up needs the
 * starter plan's Stripe price id, sends the customer and the trial subscription with idempotency keys made from
 * the org id, survives a Stripe outage without losing the organisation (signing up again finishes it with the same
 * keys), and webhooks are refused while no signing secret is configured.
 */
@Tag("storage")
class StripeModeServerTest {
    @TempDir
    static Path tempDir;
    static MockWebServer stripe;
    static FamiliarServer server;
    static Identity identity;
    static final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    static final AtomicInteger customerFailures = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        stripe = new MockWebServer();
        stripe.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getUrl().encodedPath();
                Map<String, String> form = form(request);
                if (path.equals("/v1/customers")) {
                    if (customerFailures.getAndDecrement() > 0) {
                        return json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong\"}}");
                    }
                    return json(200, "{\"id\":\"cus_S1\",\"object\":\"customer\",\"email\":\"" + form.get("email")
                            + "\",\"name\":\"" + form.get("name") + "\",\"created\":1767225600,\"livemode\":false,"
                            + "\"metadata\":{\"org_id\":\"" + form.get("metadata[org_id]") + "\"}}");
                }
                if (path.equals("/v1/subscriptions")) {
                    long now = System.currentTimeMillis() / 1000;
                    long trialEnd = now + Long.parseLong(form.getOrDefault("trial_period_days", "0")) * 86_400;
                    return json(200, "{\"id\":\"sub_S1\",\"object\":\"subscription\",\"customer\":\"cus_S1\",\"status\":\"trialing\","
                            + "\"cancel_at_period_end\":false,\"pause_collection\":null,\"schedule\":null,\"created\":" + now
                            + ",\"trial_start\":" + now + ",\"trial_end\":" + trialEnd + ",\"livemode\":false,"
                            + "\"metadata\":{\"org_id\":\"" + form.get("metadata[org_id]") + "\"},"
                            + "\"items\":{\"object\":\"list\",\"has_more\":false,\"url\":\"/v1/subscription_items\",\"data\":[{"
                            + "\"id\":\"si_S1\",\"object\":\"subscription_item\",\"quantity\":1,\"subscription\":\"sub_S1\","
                            + "\"current_period_start\":" + now + ",\"current_period_end\":" + trialEnd + ","
                            + "\"price\":{\"id\":\"" + form.get("items[0][price]") + "\",\"object\":\"price\",\"active\":true,"
                            + "\"currency\":\"usd\",\"unit_amount\":900,\"type\":\"recurring\","
                            + "\"recurring\":{\"interval\":\"month\",\"interval_count\":1}}}]}}");
                }
                return json(404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                        + "\"message\":\"Unrecognized request URL\"}}");
            }
        });
        stripe.start();
        String base = stripe.url("/").toString().replaceAll("/$", "");
        server = TestServers.start(TestServers.config(tempDir).withBilling(new BillingSettings(BillingSettings.Mode.STRIPE,
                Optional.of("sk_test_fake0123456789"), base, List.of(), false, "http://localhost/return", 100)));
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        stripe.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static Map<String, String> form(RecordedRequest request) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return form;
    }

    @Test
    void signUpRunsAgainstStripeWithIdempotencyKeysFromTheOrgId() {
        Answer ready = HttpCalls.get(server.baseUrl() + "/health/ready");
        assertThat(ready.json().at("/checks/billing/detail").asText()).isEqualTo("stripe");

        Answer closed = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Acme\",\"email\":\"ops@acme.test\"}");
        assertThat(closed.status()).isEqualTo(503); // the starter plan has no Stripe price id yet
        assertThat(requests).isEmpty();

        Answer put = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/admin/catalog/plans/starter")
                .header("Authorization", identity.admin().bearer().get("Authorization"))
                .put(RequestBody.create("{\"name\":\"Starter\",\"stripePriceId\":\"price_1StarterLive\",\"currency\":\"usd\","
                        + "\"amount\":900,\"interval\":\"month\",\"trialDays\":14,\"tier\":1,\"includedUnits\":{\"api_call\":1000}}",
                        HttpCalls.JSON)).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);

        customerFailures.set(3); // the first attempt and both of the client's retries fail
        Answer outage = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Acme\",\"email\":\"ops@acme.test\"}");
        assertThat(outage.status()).isEqualTo(502);
        assertThat(outage.json().at("/error/code").asText()).isEqualTo("UPSTREAM_FAILED");
        assertThat(outage.body()).doesNotContain("sk_test_fake0123456789");
        assertThat(requests).hasSize(3);
        String firstKey = requests.get(0).getHeaders().get("Idempotency-Key");

        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Acme\",\"email\":\"ops@acme.test\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        String orgId = signup.json().at("/data/orgId").asText();
        assertThat(firstKey).isEqualTo("signup:" + orgId + ":customer");

        RecordedRequest customer = requests.get(3);
        assertThat(customer.getHeaders().get("Idempotency-Key")).isEqualTo("signup:" + orgId + ":customer");
        assertThat(customer.getHeaders().get("Authorization")).isEqualTo("Bearer sk_test_fake0123456789");
        assertThat(form(customer)).containsEntry("metadata[org_id]", orgId).containsEntry("email", "ops@acme.test");
        RecordedRequest subscription = requests.get(4);
        assertThat(subscription.getUrl().encodedPath()).isEqualTo("/v1/subscriptions");
        assertThat(subscription.getHeaders().get("Idempotency-Key")).isEqualTo("signup:" + orgId + ":subscription");
        assertThat(form(subscription)).containsEntry("customer", "cus_S1").containsEntry("items[0][price]", "price_1StarterLive")
                .containsEntry("trial_period_days", "14").containsEntry("metadata[org_id]", orgId);
        assertThat(signup.json().at("/data/trialEndsAt").asText()).isNotEmpty();
        // the first answer was lost with the outage: finishing the sign-up answers a new code for the owner
        assertThat(signup.json().at("/data/ownerInvitationCode").asText()).startsWith("fami_");

        Answer again = HttpCalls.post(server.baseUrl() + "/api/signup", "{\"orgName\":\"Acme\",\"email\":\"ops@acme.test\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(requests).hasSize(5);
    }

    @Test
    void webhooksAreRefusedInStripeModeWithoutASigningSecret() {
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/webhooks/stripe",
                "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"created\":1,\"data\":{\"object\":{\"id\":\"in_1\"}}}");
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).contains("FAMILIAR_STRIPE_WEBHOOK_SECRET");
    }
}
