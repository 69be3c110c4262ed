package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchaseFilter;
import dev.familiar.model.purchases.PurchasePage;
import dev.familiar.model.purchases.PurchaseStep;
import dev.familiar.model.purchases.PurchaseSummary;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps a purchase saga logs, read as administrators do ({@code client.purchases()}), against the stateful Stripe
 * stand-in of {@link PurchaseSagaStripeEdgesTest}: a completed purchase, one whose capture is declined (failed and
 * compensated: the hold released, the tokens taken back) and one whose hold had an unknown outcome (an unreadable
 * answer, then a look-up that could not be read either, a retry, and the hold found). No step detail carries the
 * client secret Stripe's bodies hold. The list finds the problem sagas; bad input is 400; unknown is 404.
 */
@Tag("storage")
class PurchaseStepLogTest {
    static final long TOKENS = 5000;

    @TempDir
    Path tempDir;
    MockWebServer stripe;
    FamiliarServer server;
    Identity identity;
    MutableClock clock;
    TypedClients clients;
    final PurchaseSagaStripeEdgesTest.StandIn standIn = new PurchaseSagaStripeEdgesTest.StandIn();

    @BeforeEach
    void start() throws Exception {
        stripe = new MockWebServer();
        stripe.setDispatcher(standIn);
        stripe.start();
        ServerConfig config = TestServers.config(tempDir).withBilling(new BillingSettings(BillingSettings.Mode.STRIPE,
                Optional.of("sk_test_steps0123456789"), stripe.url("/").toString().replaceAll("/$", ""), List.of(), false,
                "http://localhost/", 10));
        clock = MutableClock.startingNow();
        server = TestServers.start(config, clock);
        identity = new Identity(server);
        clients = new TypedClients(server);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.stop();
        stripe.close();
    }

    @Test
    void aCompletedPurchaseShowsItsStepsInOrder() throws Exception {
        Account who = PurchaseBuyers.buyer(server, identity, "steps-done", "cus_E1");
        String sagaId = PurchaseBuyers.purchase(server, who, TOKENS);
        PurchaseDetail detail = ended(sagaId);

        assertThat(detail.purchase().status()).isEqualTo("COMPLETED");
        assertThat(detail.purchase().compensated()).isFalse();
        assertThat(detail.purchase().paymentId()).isEqualTo("pi_E1");
        assertThat(detail.purchase().tokens()).isEqualTo(TOKENS);
        assertThat(steps(detail)).containsExactly("START SUCCEEDED", "RESERVE_PAYMENT SUCCEEDED",
                "ALLOCATE_TOKENS SUCCEEDED", "CAPTURE_PAYMENT SUCCEEDED");
        assertThat(detail.steps().get(1).detail()).isEqualTo("payment pi_E1 held (requires_capture)");
        assertThat(detail.steps().get(2).detail()).isEqualTo("5000 openai tokens added to the user's purchased balance");
        assertThat(detail.steps().get(3).detail()).isEqualTo("payment pi_E1 captured");
        assertThat(detail.steps()).extracting(PurchaseStep::at).isSorted();

        Answer raw = HttpCalls.get(server.baseUrl() + "/api/admin/purchases/" + sagaId, identity.admin().bearer());
        GoldenFiles.assertMatches("purchases-detail-200", raw.status(), masked(raw.body(), sagaId, who));
        Answer list = HttpCalls.get(server.baseUrl() + "/api/admin/purchases?status=COMPLETED&limit=1",
                identity.admin().bearer());
        GoldenFiles.assertMatches("purchases-list-200", list.status(), masked(list.body(), sagaId, who));
    }

    @Test
    void aDeclinedCaptureShowsTheFailureAndTheCompensation() throws Exception {
        Account who = PurchaseBuyers.buyer(server, identity, "steps-declined", "cus_E1");
        String completed = PurchaseBuyers.purchase(server, who, TOKENS);
        ended(completed);
        standIn.declineCapture.set(true);
        clock.advance(Duration.ofSeconds(1)); // created a second later: newest first is this one
        Answer second = HttpCalls.post(server.baseUrl() + "/api/v1/tokens/purchase", "{\"userId\":\"" + who.userId()
                + "\",\"orgId\":\"" + who.tenantId() + "\",\"provider\":\"openai\",\"tokens\":" + TOKENS + "}",
                Map.of("Authorization", who.bearer().get("Authorization"), "Idempotency-Key", "buy-again"));
        assertThat(second.status()).as(second.body()).isEqualTo(202);
        String sagaId = second.json().path("sagaId").asText();
        PurchaseDetail detail = ended(sagaId);

        assertThat(detail.purchase().status()).isEqualTo("FAILED");
        assertThat(detail.purchase().compensated()).isTrue();
        assertThat(steps(detail)).containsExactly("START SUCCEEDED", "RESERVE_PAYMENT SUCCEEDED",
                "ALLOCATE_TOKENS SUCCEEDED", "CAPTURE_PAYMENT FAILED", "COMPENSATE SUCCEEDED");
        assertThat(detail.steps().get(3).detail()).contains("capture refused").contains("card_declined");
        assertThat(detail.steps().get(4).detail()).contains("capture refused").contains("payment pi_E2 released")
                .endsWith("5000 tokens taken back");
        assertThat(detail.steps().get(2).detail()).isEqualTo("5000 openai tokens added to the organisation's purchased balance");

        PurchasePage problems = admin().purchases().list(new PurchaseFilter("PROBLEM", null, null, null), null, null);
        assertThat(problems.items()).extracting(PurchaseSummary::sagaId).containsExactly(sagaId);
        PurchasePage all = admin().purchases().list(null, null, 1);
        assertThat(all.items()).extracting(PurchaseSummary::sagaId).containsExactly(sagaId);
        assertThat(admin().purchases().list(null, all.nextCursor(), 1).items()).extracting(PurchaseSummary::sagaId)
                .containsExactly(completed);
        PurchasePage ofOrg = admin().purchases().list(new PurchaseFilter(null, who.tenantId(), null, null), null, null);
        assertThat(ofOrg.items()).extracting(PurchaseSummary::sagaId).containsExactly(sagaId); // the first had no org
    }

    @Test
    void anUnknownOutcomeShowsTheLookUpTheRetryAndTheHoldFound() throws Exception {
        standIn.garble("create"); // the hold is made but its answer cannot be read
        standIn.garble("list"); // and the first look-up cannot be read either: tried again later
        Account who = PurchaseBuyers.buyer(server, identity, "steps-unknown", "cus_E1");
        String sagaId = PurchaseBuyers.purchase(server, who, TOKENS);
        PurchaseSagaStripeEdgesTest.eventually("the saga ends", () -> {
            clock.advance(Duration.ofSeconds(6)); // past the backoff, well before the 10-minute deadline
            String s = admin().purchases().get(sagaId).purchase().status();
            return s.equals("COMPLETED") || s.equals("FAILED");
        });
        PurchaseDetail detail = admin().purchases().get(sagaId);

        assertThat(detail.purchase().status()).isEqualTo("COMPLETED");
        assertThat(steps(detail)).containsExactly("START SUCCEEDED", "RESERVE_PAYMENT UNKNOWN", "RETRY RETRYING",
                "RESERVE_PAYMENT SUCCEEDED", "ALLOCATE_TOKENS SUCCEEDED", "CAPTURE_PAYMENT SUCCEEDED");
        assertThat(detail.steps().get(2).detail()).startsWith("next attempt in 5 s: could not look the hold up");
        assertThat(detail.steps()).allSatisfy(s -> assertThat(s.detail()).doesNotContain("_secret_"));
        assertThat(standIn.intents).hasSize(1);
    }

    @Test
    void badPurchaseQueriesAre400NamingTheFieldAndAnUnknownSagaIs404() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("status=DONE", "status");
        cases.put("status=problem", "status");
        cases.put("orgId=acme", "orgId");
        cases.put("orgId=", "orgId");
        cases.put("from=2030-13-01T00:00:00Z", "from");
        cases.put("from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "to");
        cases.put("cursor=%21%21", "cursor");
        cases.put("limit=0", "limit");
        cases.put("limit=501", "limit");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/purchases?" + c.getKey(), identity.admin().bearer());
            assertThat(answer.status()).as(c.getKey()).isEqualTo(400);
            assertThat(answer.json().at("/error/details/fields").has(c.getValue())).as(c.getKey() + " " + answer.body())
                    .isTrue();
        }
        Answer badId = HttpCalls.get(server.baseUrl() + "/api/admin/purchases/not-a-saga", identity.admin().bearer());
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().at("/error/details/fields").has("sagaId")).isTrue();
        Answer unknown = HttpCalls.get(server.baseUrl() + "/api/admin/purchases/00000000-0000-0000-0000-000000000000",
                identity.admin().bearer());
        assertThat(unknown.status()).isEqualTo(404);
        GoldenFiles.assertMatches("purchases-detail-404", unknown.status(), unknown.body());
        Answer empty = HttpCalls.get(server.baseUrl() + "/api/admin/purchases?status=PROBLEM", identity.admin().bearer());
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().at("/data/items").size()).isZero();
    }

    // --- helpers

    FamiliarClient admin() {
        return clients.as(identity.admin());
    }

    PurchaseDetail ended(String sagaId) {
        PurchaseSagaStripeEdgesTest.eventually("the saga ends", () -> {
            String s = admin().purchases().get(sagaId).purchase().status();
            return s.equals("COMPLETED") || s.equals("FAILED");
        });
        return admin().purchases().get(sagaId);
    }

    static List<String> steps(PurchaseDetail detail) {
        return detail.steps().stream().map(s -> s.step() + " " + s.outcome()).toList();
    }

    static String masked(String body, String sagaId, Account who) {
        return body.replace(sagaId, "<saga>").replace(who.tenantId(), "<tenant>").replace(who.userId(), "<user>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z", "<time>");
    }
}
