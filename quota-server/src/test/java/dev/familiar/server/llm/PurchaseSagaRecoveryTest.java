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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
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
 * The purchase saga against a local Stripe: a server stopped while the saga waits to capture is restarted on the
 * same database and the saga completes once (tokens allocated once, one hold, the same capture key); a declined
 * capture compensates (hold voided, tokens taken back); a customer without a card fails the saga at the first step.
 */
@Tag("storage")
class PurchaseSagaRecoveryTest {
    enum Capture { OK, FAIL, DECLINE }

    @TempDir
    Path tempDir;
    MockWebServer stripe;
    ServerConfig config;
    FamiliarServer server;
    Identity identity;
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final AtomicReference<Capture> capture = new AtomicReference<>(Capture.OK);
    final AtomicReference<String> state = new AtomicReference<>("requires_capture");
    final AtomicReference<String> defaultPaymentMethod = new AtomicReference<>("pm_card_visa");

    @BeforeEach
    void start() throws Exception {
        stripe = new MockWebServer();
        stripe.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                requests.add(r);
                String path = r.getUrl().encodedPath();
                if (path.equals("/v1/customers/cus_P1")) {
                    String pm = defaultPaymentMethod.get();
                    return json(200, "{\"id\":\"cus_P1\",\"object\":\"customer\",\"invoice_settings\":{\"default_payment_method\":"
                            + (pm == null ? "null" : "\"" + pm + "\"") + "},\"metadata\":{}}");
                }
                if (path.equals("/v1/payment_intents")) {
                    state.set("requires_capture");
                    return json(200, intent("requires_capture"));
                }
                if (path.equals("/v1/payment_intents/pi_P1") && r.getMethod().equals("GET")) {
                    return json(200, intent(state.get()));
                }
                if (path.equals("/v1/payment_intents/pi_P1/capture")) {
                    return switch (capture.get()) {
                        case OK -> {
                            state.set("succeeded");
                            yield json(200, intent("succeeded"));
                        }
                        case FAIL -> json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"try again\"}}");
                        case DECLINE -> json(402, "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\","
                                + "\"message\":\"Your card was declined.\"}}");
                    };
                }
                if (path.equals("/v1/payment_intents/pi_P1/cancel")) {
                    state.set("canceled");
                    return json(200, intent("canceled"));
                }
                return json(404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\"}}");
            }
        });
        stripe.start();
        config = TestServers.config(tempDir).withBilling(new BillingSettings(BillingSettings.Mode.STRIPE,
                Optional.of("sk_test_saga0123456789"), stripe.url("/").toString().replaceAll("/$", ""), List.of(), false,
                "http://localhost/", 10));
        server = TestServers.start(config);
        identity = new Identity(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        stripe.close();
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
    }

    static String intent(String status) {
        return "{\"id\":\"pi_P1\",\"object\":\"payment_intent\",\"amount\":1000,\"currency\":\"usd\",\"capture_method\":\"manual\","
                + "\"customer\":\"cus_P1\",\"status\":\"" + status + "\",\"livemode\":false}";
    }

    /** A user of an organisation whose Stripe customer is cus_P1. */
    Account buyer(String name) throws Exception {
        return PurchaseBuyers.buyer(server, identity, name, "cus_P1");
    }

    String purchase(Account who) {
        return PurchaseBuyers.purchase(server, who, 5000);
    }

    JsonNode saga(String sagaId) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/tokens/purchase/" + sagaId, identity.admin().bearer()).json();
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

    long calls(String path) {
        return requests.stream().filter(r -> r.getUrl().encodedPath().equals(path)).count();
    }

    @Test
    void aSagaLeftWaitingByAStoppedServerCompletesOnceAfterTheRestart() throws Exception {
        capture.set(Capture.FAIL);
        Account who = buyer("crash");
        String sagaId = purchase(who);
        eventually("the saga waits to capture", () -> saga(sagaId).path("status").asText().equals("TOKENS_ALLOCATED")
                && calls("/v1/payment_intents/pi_P1/capture") > 0);
        assertThat(balance(who.userId())).isEqualTo(5000);
        server.stop(); // between steps: tokens allocated, payment held, not captured

        capture.set(Capture.OK);
        server = TestServers.start(config);
        identity = new Identity(server);
        eventually("the restarted server completes the saga", () -> saga(sagaId).path("status").asText().equals("COMPLETED"));
        assertThat(balance(who.userId())).isEqualTo(5000); // allocated once, not again
        assertThat(calls("/v1/payment_intents")).isEqualTo(1);
        assertThat(requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/capture"))
                .map(r -> r.getHeaders().get("Idempotency-Key")).distinct().toList())
                .containsExactly("purchase:" + sagaId + ":capture");
        assertThat(calls("/v1/payment_intents/pi_P1/cancel")).isZero();
        Thread.sleep(600); // a few more worker polls: nothing more happens to a finished saga
        assertThat(saga(sagaId).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(balance(who.userId())).isEqualTo(5000);
    }

    @Test
    void aDeclinedCaptureVoidsTheHoldAndTakesTheTokensBack() throws Exception {
        capture.set(Capture.DECLINE);
        Account who = buyer("declined");
        String sagaId = purchase(who);
        eventually("the saga fails", () -> saga(sagaId).path("status").asText().equals("FAILED"));
        JsonNode failed = saga(sagaId);
        assertThat(failed.path("error").asText()).contains("capture refused").contains("card_declined");
        assertThat(balance(who.userId())).isZero();
        assertThat(calls("/v1/payment_intents/pi_P1/cancel")).isEqualTo(1);
        assertThat(requests.stream().filter(r -> r.getUrl().encodedPath().endsWith("/cancel"))
                .map(r -> r.getHeaders().get("Idempotency-Key")).toList()).containsExactly("purchase:" + sagaId + ":cancel");
    }

    @Test
    void aCustomerWithoutACardFailsAtTheFirstStep() throws Exception {
        defaultPaymentMethod.set(null);
        Account who = buyer("nocard");
        String sagaId = purchase(who);
        eventually("the saga fails", () -> saga(sagaId).path("status").asText().equals("FAILED"));
        assertThat(saga(sagaId).path("error").asText()).contains("no default payment method");
        assertThat(calls("/v1/payment_intents")).isZero();
        assertThat(balance(who.userId())).isZero();
    }

    @Test
    void aSagaPastItsDeadlineIsCompensated() throws Exception {
        server.stop();
        dev.familiar.server.testing.MutableClock clock = dev.familiar.server.testing.MutableClock.startingNow();
        server = TestServers.start(config, clock);
        identity = new Identity(server);
        capture.set(Capture.FAIL);
        Account who = buyer("late");
        String sagaId = purchase(who);
        eventually("the saga waits to capture", () -> saga(sagaId).path("status").asText().equals("TOKENS_ALLOCATED")
                && calls("/v1/payment_intents/pi_P1/capture") > 0);
        eventually("the timed-out saga is compensated", () -> {
            clock.advance(Duration.ofMinutes(1)); // retries keep failing until the 10-minute deadline passes
            return saga(sagaId).path("status").asText().equals("FAILED");
        });
        assertThat(saga(sagaId).path("error").asText()).contains("timed out");
        assertThat(balance(who.userId())).isZero();
        assertThat(calls("/v1/payment_intents/pi_P1/cancel")).isEqualTo(1);
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
