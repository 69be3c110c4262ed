package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.CapturedLog;
import dev.familiar.server.testing.MutableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purchase saga against a stateful local Stripe stand-in (PaymentIntents in Stripe's JSON shape, replayed by
 * idempotency key, listed by customer, captured and cancelled only from the states Stripe allows): a 200 whose body
 * cannot be read at create, at capture and at cancel, and a PaymentIntent cancelled or sent back to
 * {@code requires_payment_method} behind our back. After each: no hold is left (every PaymentIntent ends canceled, or
 * succeeded with the purchase COMPLETED), and the tokens exist exactly when the money was captured.
 */
@Tag("storage")
class PurchaseSagaStripeEdgesTest {
    static final long TOKENS = 5000;
    static final Set<String> CANCELABLE = Set.of("requires_payment_method", "requires_capture", "requires_confirmation",
            "requires_action", "processing");

    @TempDir
    Path tempDir;
    MockWebServer stripe;
    FamiliarServer server;
    Identity identity;
    MutableClock clock;
    final StandIn standIn = new StandIn();

    @BeforeEach
    void start() throws Exception {
        stripe = new MockWebServer();
        stripe.setDispatcher(standIn);
        stripe.start();
        ServerConfig config = TestServers.config(tempDir).withBilling(new BillingSettings(BillingSettings.Mode.STRIPE,
                Optional.of("sk_test_edges0123456789"), stripe.url("/").toString().replaceAll("/$", ""), List.of(), false,
                "http://localhost/", 10));
        clock = MutableClock.startingNow();
        server = TestServers.start(config, clock);
        identity = new Identity(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        stripe.close();
    }

    @Test
    void anUnreadableAnswerToTheCreateIsReconciledByLookingTheHoldUp() throws Exception {
        standIn.garble("create");
        try (CapturedLog log = new CapturedLog()) {
            Account who = buyer("create");
            String sagaId = purchase(who);
            eventually("the saga ends", () -> terminal(sagaId));

            assertThat(status(sagaId)).isEqualTo("COMPLETED");
            assertThat(standIn.intents).hasSize(1); // looked up, not created twice
            assertThat(standIn.calls("GET", "/v1/payment_intents")).isEqualTo(1);
            assertConsistent(sagaId, who);
            // The real cause is logged, without the client secret the unreadable body carried.
            assertThat(log.text()).contains("outcome is unknown").contains("ApiException");
            assertThat(log.text()).doesNotContain("_secret_");
        }
    }

    @Test
    void anUnreadableAnswerToTheCaptureCompletesOnceStripeSaysSucceeded() throws Exception {
        standIn.garble("capture");
        Account who = buyer("capture");
        String sagaId = purchase(who);
        eventually("the saga ends", () -> terminal(sagaId));

        assertThat(status(sagaId)).isEqualTo("COMPLETED");
        assertThat(standIn.calls("POST", "/capture")).isEqualTo(1);
        assertThat(standIn.calls("POST", "/cancel")).isZero();
        assertConsistent(sagaId, who);
    }

    @Test
    void anUnreadableAnswerToTheCancelStillEndsWithTheHoldVoided() throws Exception {
        standIn.declineCapture.set(true);
        standIn.garble("cancel");
        Account who = buyer("cancel");
        String sagaId = purchase(who);
        eventually("the saga ends", () -> terminal(sagaId));

        assertThat(status(sagaId)).isEqualTo("FAILED");
        assertThat(saga(sagaId).path("error").asText()).contains("capture refused").contains("card_declined");
        assertThat(standIn.onlyIntent().status).isEqualTo("canceled");
        assertConsistent(sagaId, who);
    }

    @Test
    void unreadableAnswersAtEveryStepStillEndConsistently() throws Exception {
        standIn.garble("create");
        standIn.garble("list"); // the first look-up is unreadable too: tried again later
        standIn.garble("retrieve");
        standIn.garble("capture");
        Account who = buyer("every");
        String sagaId = purchase(who);
        eventually("the saga ends", () -> {
            clock.advance(Duration.ofSeconds(6)); // past each backoff, well before the 10-minute deadline
            return terminal(sagaId);
        });

        assertThat(status(sagaId)).isEqualTo("COMPLETED");
        assertThat(standIn.intents).hasSize(1);
        assertConsistent(sagaId, who);
    }

    @Test
    void aHoldCanceledBehindOurBackFailsTheSagaAndTakesTheTokensBack() throws Exception {
        behindOurBack("canceled", "behind-canceled");
    }

    @Test
    void aHoldSentBackToRequiresPaymentMethodIsVoidedNotCaptured() throws Exception {
        behindOurBack("requires_payment_method", "behind-rpm");
    }

    void behindOurBack(String state, String name) throws Exception {
        standIn.captureUnavailable.set(true);
        Account who = buyer(name);
        String sagaId = purchase(who);
        // stripe-java tries the capture three times (two network retries); then the saga waits for the clock.
        eventually("the saga waits to capture", () -> status(sagaId).equals("TOKENS_ALLOCATED")
                && standIn.calls("POST", "/capture") >= 3);
        assertThat(balance(who.userId())).isEqualTo(TOKENS);

        standIn.onlyIntent().status = state;
        standIn.captureUnavailable.set(false);
        int capturesBefore = standIn.calls("POST", "/capture");
        eventually("the saga ends", () -> {
            clock.advance(Duration.ofSeconds(6));
            return terminal(sagaId);
        });

        assertThat(status(sagaId)).isEqualTo("FAILED");
        assertThat(saga(sagaId).path("error").asText()).contains(state).contains("not capturable");
        assertThat(standIn.calls("POST", "/capture")).isEqualTo(capturesBefore); // never captured again
        assertThat(standIn.onlyIntent().status).isEqualTo("canceled");
        assertThat(balance(who.userId())).isZero();
        assertConsistent(sagaId, who);
    }

    @Test
    void aHoldThatIsNotCapturableAtCreateFailsAtOnceAndIsVoided() throws Exception {
        standIn.createStatus = "requires_payment_method";
        Account who = buyer("create-rpm");
        String sagaId = purchase(who);
        eventually("the saga ends", () -> terminal(sagaId));

        assertThat(status(sagaId)).isEqualTo("FAILED");
        assertThat(saga(sagaId).path("error").asText()).contains("requires_payment_method");
        assertThat(standIn.calls("POST", "/capture")).isZero();
        assertThat(standIn.onlyIntent().status).isEqualTo("canceled");
        assertThat(balance(who.userId())).isZero();
        assertConsistent(sagaId, who);
    }

    @Test
    void aPaymentWhoseStateStaysUnknownIsGivenUpOnADayAfterTheDeadline() throws Exception {
        standIn.captureUnavailable.set(true);
        Account who = buyer("unknown");
        String sagaId = purchase(who);
        eventually("the saga waits to capture", () -> status(sagaId).equals("TOKENS_ALLOCATED")
                && standIn.calls("POST", "/capture") >= 3);
        standIn.readUnavailable.set(true); // from now on Stripe cannot tell us the state either

        clock.advance(Duration.ofHours(1)); // past the deadline: compensation cannot learn the state, keeps trying
        eventually("compensation tried to read the payment", () -> standIn.calls("GET", "/v1/payment_intents/pi_E1") > 0);
        Thread.sleep(300);
        assertThat(status(sagaId)).isEqualTo("TOKENS_ALLOCATED");

        try (CapturedLog log = new CapturedLog()) {
            clock.advance(Duration.ofHours(24));
            // the compensation's next attempt may have been scheduled (back-off on the test clock) just as the day
            // passed: keep the clock moving, as the other sagas' tests do, until an attempt finds the day is over
            eventually("the saga is given up", () -> {
                clock.advance(Duration.ofMinutes(10));
                return terminal(sagaId);
            });
            assertThat(status(sagaId)).isEqualTo("FAILED");
            assertThat(saga(sagaId).path("error").asText()).contains("gave up").contains("pi_E1");
            assertThat(log.text()).contains("check it at the provider").contains("pi_E1");
        }
        assertThat(balance(who.userId())).isZero();
        assertThat(standIn.calls("POST", "/capture")).isEqualTo(3); // nothing was ever captured
    }

    // --- the invariants

    /** No hold left; COMPLETED exactly when a PaymentIntent was captured; tokens exactly when COMPLETED. */
    void assertConsistent(String sagaId, Account who) throws Exception {
        String status = status(sagaId);
        List<Intent> all = new ArrayList<>(standIn.intents.values());
        assertThat(all).as("PaymentIntents").allSatisfy(pi -> assertThat(pi.status).isIn("canceled", "succeeded"));
        long captured = all.stream().filter(pi -> pi.status.equals("succeeded")).count();
        assertThat(captured).as("captured payments").isEqualTo(status.equals("COMPLETED") ? 1 : 0);
        assertThat(balance(who.userId())).as("tokens").isEqualTo(status.equals("COMPLETED") ? TOKENS : 0);
        Thread.sleep(400); // a few more worker polls change nothing
        assertThat(status(sagaId)).isEqualTo(status);
        assertThat(standIn.intents.values()).allSatisfy(pi -> assertThat(pi.status).isIn("canceled", "succeeded"));
    }

    // --- the stand-in

    static final class Intent {
        final String id;
        final String customer;
        final String key;
        final long created;
        volatile String status;

        Intent(String id, String customer, String key, long created, String status) {
            this.id = id;
            this.customer = customer;
            this.key = key;
            this.created = created;
            this.status = status;
        }
    }

    /** Stripe's PaymentIntent endpoints, stateful; faults by step: "create", "retrieve", "list", "capture", "cancel". */
    static final class StandIn extends Dispatcher {
        final Map<String, Intent> intents = new ConcurrentHashMap<>();
        final Map<String, String> byKey = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> garbles = new ConcurrentHashMap<>();
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        final AtomicBoolean declineCapture = new AtomicBoolean();
        final AtomicBoolean captureUnavailable = new AtomicBoolean();
        final AtomicBoolean readUnavailable = new AtomicBoolean();
        final AtomicInteger ids = new AtomicInteger();
        volatile String createStatus = "requires_capture";

        void garble(String step) {
            garbles.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
        }

        Intent onlyIntent() {
            assertThat(intents).hasSize(1);
            return intents.values().iterator().next();
        }

        int calls(String method, String pathPart) {
            return (int) requests.stream().filter(r -> r.getMethod().equals(method)
                    && (pathPart.startsWith("/v1") ? r.getUrl().encodedPath().equals(pathPart)
                    : r.getUrl().encodedPath().endsWith(pathPart))).count();
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest r) {
            requests.add(r);
            String path = r.getUrl().encodedPath();
            String method = r.getMethod();
            if (path.equals("/v1/customers/cus_E1")) {
                return json(200, "{\"id\":\"cus_E1\",\"object\":\"customer\",\"email\":\"buyer@example.com\","
                        + "\"invoice_settings\":{\"custom_fields\":null,\"default_payment_method\":\"pm_card_visa\","
                        + "\"footer\":null,\"rendering_options\":null},\"livemode\":false,\"metadata\":{}}");
            }
            if (path.equals("/v1/payment_intents") && method.equals("POST")) {
                String key = r.getHeaders().get("Idempotency-Key");
                Intent pi = intents.get(byKey.computeIfAbsent(key, k -> {
                    Map<String, String> form = form(r);
                    Intent created = new Intent("pi_E" + ids.incrementAndGet(), form.get("customer"),
                            form.get("metadata[familiar_hold_key]"), Instant.now().getEpochSecond(), createStatus);
                    intents.put(created.id, created);
                    return created.id;
                }));
                return answer("create", pi);
            }
            if (path.equals("/v1/payment_intents") && method.equals("GET")) {
                if (take("list")) {
                    return unreadable();
                }
                String customer = r.getUrl().queryParameter("customer");
                long since = Long.parseLong(r.getUrl().queryParameter("created[gte]"));
                StringBuilder data = new StringBuilder();
                intents.values().stream()
                        .filter(pi -> pi.customer.equals(customer) && pi.created >= since)
                        .forEach(pi -> data.append(data.length() == 0 ? "" : ",").append(body(pi)));
                return json(200, "{\"object\":\"list\",\"data\":[" + data + "],\"has_more\":false,"
                        + "\"url\":\"/v1/payment_intents\"}");
            }
            String[] parts = path.split("/"); // "", v1, payment_intents, id[, action]
            if (parts.length >= 4 && parts[2].equals("payment_intents")) {
                Intent pi = intents.get(parts[3]);
                if (pi == null) {
                    return json(404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                            + "\"message\":\"No such payment_intent: '" + parts[3] + "'\"}}");
                }
                if (readUnavailable.get()) {
                    return json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"try again\"}}");
                }
                if (parts.length == 4 && method.equals("GET")) {
                    return answer("retrieve", pi);
                }
                if (parts.length == 5 && parts[4].equals("capture")) {
                    if (captureUnavailable.get()) {
                        return json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"try again\"}}");
                    }
                    if (declineCapture.get()) {
                        return json(402, "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\","
                                + "\"message\":\"Your card was declined.\"}}");
                    }
                    if (!pi.status.equals("requires_capture")) {
                        return unexpectedState(pi, "capture");
                    }
                    pi.status = "succeeded";
                    return answer("capture", pi);
                }
                if (parts.length == 5 && parts[4].equals("cancel")) {
                    if (!CANCELABLE.contains(pi.status)) {
                        return unexpectedState(pi, "cancel");
                    }
                    pi.status = "canceled";
                    return answer("cancel", pi);
                }
            }
            return json(404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\"}}");
        }

        boolean take(String step) {
            AtomicInteger left = garbles.get(step);
            return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        MockResponse answer(String step, Intent pi) {
            return take(step) ? unreadable() : json(200, body(pi));
        }

        /** A 200 whose body was cut off in the middle (it carries a client secret, which must never be logged). */
        static MockResponse unreadable() {
            return json(200, "{\"id\":\"pi_cut\",\"object\":\"payment_intent\",\"client_secret\":"
                    + "\"pi_cut_secret_AbCdEf123456\",\"status\":\"requ");
        }

        static MockResponse unexpectedState(Intent pi, String action) {
            return json(400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"payment_intent_unexpected_state\","
                    + "\"message\":\"This PaymentIntent could not be " + action + "d because it has a status of "
                    + pi.status + ".\"}}");
        }

        static String body(Intent pi) {
            String capturable = pi.status.equals("requires_capture") ? "1000" : "0";
            String received = pi.status.equals("succeeded") ? "1000" : "0";
            return "{\"id\":\"" + pi.id + "\",\"object\":\"payment_intent\",\"amount\":1000,\"amount_capturable\":"
                    + capturable + ",\"amount_received\":" + received + ",\"capture_method\":\"manual\","
                    + "\"client_secret\":\"" + pi.id + "_secret_Zz9\",\"confirmation_method\":\"automatic\","
                    + "\"created\":" + pi.created + ",\"currency\":\"usd\",\"customer\":\"" + pi.customer + "\","
                    + "\"description\":\"tokens\",\"livemode\":false,\"metadata\":{\"familiar_hold_key\":\"" + pi.key
                    + "\"},\"payment_method\":\"pm_card_visa\",\"payment_method_types\":[\"card\"],"
                    + "\"canceled_at\":null,\"cancellation_reason\":null,\"status\":\"" + pi.status + "\"}";
        }

        static Map<String, String> form(RecordedRequest r) {
            Map<String, String> form = new LinkedHashMap<>();
            String body = r.getBody() == null ? "" : r.getBody().utf8();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2) {
                    form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
            return form;
        }

        static MockResponse json(int code, String body) {
            return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
        }
    }

    // --- helpers

    /** A user of an organisation whose Stripe customer is cus_E1. */
    Account buyer(String name) throws Exception {
        return PurchaseBuyers.buyer(server, identity, name, "cus_E1");
    }

    String purchase(Account who) {
        return PurchaseBuyers.purchase(server, who, TOKENS);
    }

    JsonNode saga(String sagaId) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/tokens/purchase/" + sagaId, identity.admin().bearer()).json();
    }

    String status(String sagaId) {
        return saga(sagaId).path("status").asText();
    }

    boolean terminal(String sagaId) {
        String s = status(sagaId);
        return s.equals("COMPLETED") || s.equals("FAILED");
    }

    long balance(String userId) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT balance FROM token_balance WHERE owner_kind = 'USER' "
                     + "AND owner_id = ? AND provider = 'openai'")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
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
