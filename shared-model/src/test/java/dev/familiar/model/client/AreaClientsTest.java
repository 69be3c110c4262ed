package dev.familiar.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.llm.AnalyticsViews;
import dev.familiar.model.llm.TokenConsumeOutcome;
import dev.familiar.model.llm.TokenConsumeRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A few areas against a stand-in server: what they send, and how they read what comes back. */
class AreaClientsTest {
    private MockWebServer server;
    private FamiliarClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = FamiliarClient.connect(server.url("/").toString(), "Bearer jwt");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void answer(int code, String json, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body(json);
        for (int i = 0; i < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        server.enqueue(b.build());
    }

    private static final String CONSUMED = "{\"allowed\":%s,\"capacity\":1000,\"used\":40,\"remaining\":960,"
            + "\"waitSeconds\":%d,\"timestamp\":\"2026-01-01T00:00:00Z\",\"providerResponse\":{}}";

    @Test
    void anAllowedConsumeHasItsRateLimitHeaders() throws Exception {
        answer(200, CONSUMED.formatted("true", 0), "X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "960",
                "X-RateLimit-Reset", "4");

        TokenConsumeOutcome outcome = client.tokens().consume(new TokenConsumeRequest("u", null, "openai", 40L, "hi"));

        assertThat(outcome.allowed()).isTrue();
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(outcome.rateLimit()).isEqualTo(new TokenConsumeOutcome.RateLimit(1000L, 960L, 4L, null));
        assertThat(server.takeRequest().getBody().utf8()).contains("\"tokens\":40").contains("\"provider\":\"openai\"");
    }

    @Test
    void aConsumeRefusedByTheBucketIsAnOutcomeWithRetryAfterNotAnError() {
        answer(429, CONSUMED.formatted("false", 7), "X-RateLimit-Limit", "1000", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Reset", "9", "Retry-After", "7");

        TokenConsumeOutcome outcome = client.tokens().consume(new TokenConsumeRequest("u", null, "openai", 40L, null));

        assertThat(outcome.allowed()).isFalse();
        assertThat(outcome.status()).isEqualTo(429);
        assertThat(outcome.response().waitSeconds()).isEqualTo(7);
        assertThat(outcome.rateLimit().retryAfterSeconds()).isEqualTo(7L);
    }

    @Test
    void aConsumeWithoutQuotaIsPaymentRequiredWithTheUpgradeUrl() {
        answer(402, "{\"message\":\"insufficient token quota\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"upgradeUrl\":\"https://familiar.example/upgrade\"}", "X-Request-Id", "r-402");

        assertThatThrownBy(() -> client.tokens().consume(new TokenConsumeRequest("u", null, "openai", 1L, null)))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_REQUIRED);
                    assertThat(e.details()).containsEntry("upgradeUrl", "https://familiar.example/upgrade");
                    assertThat(e.requestId()).isEqualTo("r-402");
                });
    }

    @Test
    void aPurchaseSendsItsIdempotencyKeyAndASagaIdStaysOneSegment() throws Exception {
        answer(202, "{\"sagaId\":\"s1\",\"status\":\"STARTED\",\"createdAt\":\"2026-01-01T00:00:00Z\"}");
        answer(404, "{\"message\":\"no such purchase\"}");

        assertThat(client.tokens().purchase("u", null, "openai", 500, "key-1").sagaId()).isEqualTo("s1");
        assertThatThrownBy(() -> client.tokens().purchase("../admin")).isInstanceOf(ApiError.class);

        assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("key-1");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/v1/tokens/purchase/..%2Fadmin");
    }

    @Test
    void validatingAKeySendsOnlyTheKey() throws Exception {
        answer(200, "{\"userId\":\"u\",\"name\":\"n\",\"roles\":[\"USER\"]}");

        assertThat(client.apiKeys().validate("famk_raw").roles()).containsExactly("USER");

        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().get("X-Api-Key")).isEqualTo("famk_raw");
        assertThat(request.getHeaders().get("Authorization")).as("both credentials must name one caller").isNull();
    }

    @Test
    void revokingAKeyNamesUserAndKeyAndReadsTheEmptyAnswer() throws Exception {
        server.enqueue(new MockResponse.Builder().code(204).build());

        client.apiKeys().revoke("u-1", "k-1");

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getTarget()).isEqualTo("/api/v1/auth/api-keys?userId=u-1&apiKeyId=k-1");
    }

    @Test
    void aStripeEventIsDeliveredByteForByteWithItsSignatureAndNoCredential() throws Exception {
        answer(202, "{\"ok\":true,\"data\":{\"eventId\":\"evt_1\",\"duplicate\":false},\"meta\":{}}");
        byte[] payload = "{\"id\": \"evt_1\" }".getBytes(StandardCharsets.UTF_8);

        assertThat(client.webhooks().deliverStripeEvent(payload, "t=1,v1=ab").duplicate()).isFalse();

        RecordedRequest request = server.takeRequest();
        assertThat(request.getBody().toByteArray()).isEqualTo(payload);
        assertThat(request.getHeaders().get("Stripe-Signature")).isEqualTo("t=1,v1=ab");
        assertThat(request.getHeaders().get("Authorization")).isNull();
    }

    @Test
    void signupAndActivationAreAnonymousEnvelopeCalls() throws Exception {
        answer(200, "{\"ok\":true,\"data\":{\"orgId\":\"o\",\"planCode\":\"starter\",\"activationCode\":\"AC\"},\"meta\":{}}");
        answer(200, "{\"ok\":true,\"data\":{\"accessToken\":\"a\",\"refreshToken\":\"r\",\"expiresIn\":900,"
                + "\"scope\":\"usage:write\",\"tokenType\":\"Bearer\"},\"meta\":{}}");

        assertThat(client.signup().signUp("Acme", "ops@acme.example").activationCode()).isEqualTo("AC");
        assertThat(client.auth().activate("AC").expiresIn()).isEqualTo(900);

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
        RecordedRequest activate = server.takeRequest();
        assertThat(activate.getHeaders().get("Authorization")).isNull();
        assertThat(activate.getBody().utf8()).isEqualTo("{\"activationCode\":\"AC\"}");
    }

    @Test
    void aDryRunResetSaysSoAndARealOneSendsNoParameter() throws Exception {
        answer(200, "{\"ok\":true,\"data\":{\"updated\":2,\"periodKey\":\"2026-01\",\"dryRun\":true},\"meta\":{}}");
        answer(200, "{\"ok\":true,\"data\":{\"updated\":2,\"periodKey\":\"2026-01\",\"dryRun\":false},\"meta\":{}}");

        assertThat(client.metering().resetQuotas(true).dryRun()).isTrue();
        assertThat(client.metering().resetQuotas(false).updated()).isEqualTo(2);

        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/admin/quotas/reset?dryRun=true");
        assertThat(server.takeRequest().getTarget()).isEqualTo("/api/admin/quotas/reset");
    }

    @Test
    void analyticsSendItsWindowAndReadUpstreamsExtraNames() throws Exception {
        answer(200, "{\"provider\":\"openai\",\"windowStart\":\"2026-01-01T00:00:00Z\",\"windowEnd\":\"2026-01-01T01:00:00Z\","
                + "\"totalEvents\":3,\"allowedEvents\":2,\"deniedEvents\":1,\"totalTokens\":30,\"averageTokens\":15.00,"
                + "\"averageTokensPerEvent\":15.00,\"uniqueUsers\":1,\"sampleLimit\":2147483647,"
                + "\"topUsers\":[{\"userId\":\"u\",\"totalTokens\":30,\"events\":3}]}");
        answer(200, "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-02-01T00:00:00Z\",\"currency\":\"USD\",\"items\":[],"
                + "\"totalCost\":0.0000}");
        answer(200, "{\"provider\":\"openai\",\"currentTokens\":0,\"baselineWindows\":4,\"ratio\":0,\"threshold\":2.5,"
                + "\"anomaly\":false,\"sampleLimit\":1}");

        AnalyticsViews.Report report = client.analytics().report("openai", 60, 5);
        client.analytics().cost(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), null);
        client.analytics().anomalies("openai", 15, 4, new BigDecimal("2.5"));

        assertThat(report.averageTokens()).isEqualByComparingTo("15");
        assertThat(report.topUsers()).extracting(AnalyticsViews.TopUser::userId).containsExactly("u");
        assertThat(server.takeRequest().getTarget())
                .isEqualTo("/api/v1/analytics/report?provider=openai&windowMinutes=60&limit=5");
        RecordedRequest cost = server.takeRequest();
        assertThat(cost.getUrl().queryParameter("from")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(cost.getUrl().queryParameter("to")).isEqualTo("2026-02-01T00:00:00Z");
        assertThat(cost.getUrl().queryParameter("provider")).isNull();
        assertThat(server.takeRequest().getUrl().queryParameter("thresholdMultiplier")).isEqualTo("2.5");
    }
}
