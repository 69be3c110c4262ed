package dev.familiar.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.diag.SmokeResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one transport: both error families, request ids, Retry-After, query encoding, credentials, raw bodies. */
class ApiTransportTest {
    private MockWebServer server;
    private FamiliarClient client;
    private ApiTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = FamiliarClient.connect(server.url("/").toString(), "Bearer t0ken");
        transport = client.transport();
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

    @Test
    void anEnvelopeErrorCarriesTheAnswersRequestIdAndItsRetryAfter() {
        answer(429, "{\"ok\":false,\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"Quota exhausted\",\"status\":429,"
                + "\"details\":{\"allow\":false,\"remaining\":0}},\"meta\":{\"requestId\":\"req-7\"}}",
                "X-Request-Id", "req-7", "Retry-After", "120");

        assertThatThrownBy(() -> transport.get("api/x").envelope(SmokeResult.class))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.requestId()).isEqualTo("req-7");
                    assertThat(e.details()).containsEntry("allow", false).containsEntry("remaining", 0)
                            .containsEntry(ApiTransport.RETRY_AFTER_DETAIL, 120L);
                });
    }

    @Test
    void anEnvelopesOwnRetryAfterDetailWinsOverTheHeader() {
        answer(429, "{\"ok\":false,\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"m\",\"status\":429,"
                + "\"details\":{\"retryAfterSeconds\":5}},\"meta\":{}}", "Retry-After", "9");

        assertThatThrownBy(() -> transport.get("api/x").envelope(SmokeResult.class))
                .isInstanceOfSatisfying(ApiError.class,
                        e -> assertThat(e.details()).containsEntry(ApiTransport.RETRY_AFTER_DETAIL, 5));
    }

    @Test
    void aPlainErrorBecomesTheStatusesCodeWithItsFieldsRequestIdAndExtraValues() {
        answer(400, "{\"message\":\"Validation failed\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"errors\":["
                + "{\"field\":\"tokens\",\"message\":\"must be a whole number\"},{\"field\":\"provider\",\"message\":\"bad\"}],"
                + "\"upgradeUrl\":\"https://u\"}", "X-Request-Id", "req-plain");

        assertThatThrownBy(() -> transport.post("api/v1/x").plain(Map.class)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).isEqualTo("Validation failed");
            assertThat(e.requestId()).isEqualTo("req-plain");
            assertThat(e.details()).containsEntry("fields", Map.of("tokens", "must be a whole number", "provider", "bad"))
                    .containsEntry("upgradeUrl", "https://u").doesNotContainKey("timestamp");
        });
    }

    @Test
    void aPlainErrorOfAStatusWithSeveralCodesIsItsGeneralCode() {
        answer(409, "{\"message\":\"taken\"}");

        assertThatThrownBy(() -> transport.post("api/v1/x").plain(Map.class))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
    }

    @Test
    void anErrorWithoutABodyStillHasItsStatusAndRequestId() {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("X-Request-Id", "r-empty").build());

        assertThatThrownBy(() -> transport.get("api/x").plain(Map.class)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.requestId()).isEqualTo("r-empty");
        });
    }

    @Test
    void queryValuesAreEncodedAndNullOnesLeftOut() throws Exception {
        answer(200, "{}");

        transport.get("api/search").query("q", "a b&c=d+e/ü#").query("absent", null).query("limit", 5)
                .plain(Map.class);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().queryParameter("q")).isEqualTo("a b&c=d+e/ü#");
        assertThat(request.getUrl().queryParameterNames()).containsExactly("q", "limit");
        assertThat(request.getTarget()).doesNotContain("+e").contains("%2B").contains("%26").contains("limit=5");
    }

    @Test
    void anAnonymousCallSendsNoCredentialButOtherCallsDo() throws Exception {
        answer(200, "{}");
        answer(200, "{}");

        transport.get("api/public").anonymous().plain(Map.class);
        transport.get("api/private").plain(Map.class);

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
    }

    @Test
    void aJsonBodyIsSentAsJsonAndAPostWithoutBodyIsEmpty() throws Exception {
        answer(200, "{}");
        answer(200, "{}");

        transport.post("api/a").body(Map.of("n", 1)).plain(Map.class);
        transport.post("api/b").plain(Map.class);

        RecordedRequest withBody = server.takeRequest();
        assertThat(withBody.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(withBody.getBody().utf8()).isEqualTo("{\"n\":1}");
        RecordedRequest empty = server.takeRequest();
        assertThat(empty.getMethod()).isEqualTo("POST");
        assertThat(empty.getBodySize()).isZero();
        assertThat(empty.getHeaders().get("Content-Type")).isNull();
    }

    @Test
    void aRawBodyIsSentByteForByte() throws Exception {
        answer(202, "{\"ok\":true,\"data\":{},\"meta\":{}}");
        byte[] payload = "{ \"id\" : \"evt_1\",\n\"x\":1 }".getBytes(StandardCharsets.UTF_8);

        transport.post("api/hook").rawBody(payload, "application/json").envelope(Map.class);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getBody().toByteArray()).isEqualTo(payload);
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void anAnswerReadsItsBodyStatusesAsBodyWithHeadersAndOtherStatusesAsErrors() {
        answer(429, "{\"allowed\":false}", "X-RateLimit-Remaining", "0");
        answer(402, "{\"message\":\"insufficient token quota\"}");

        ApiTransport.Answer<Map> refused = transport.post("api/c").answer(Map.class, 429);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).containsEntry("allowed", false);
        assertThat(refused.header("x-ratelimit-remaining")).isEqualTo("0");
        assertThat(refused.header("X-RATELIMIT-REMAINING")).isEqualTo("0");
        assertThatThrownBy(() -> transport.post("api/c").answer(Map.class, 429))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYMENT_REQUIRED));
    }

    @Test
    void aNoContentAnswerIsNull() {
        server.enqueue(new MockResponse.Builder().code(204).build());

        assertThat(transport.delete("api/k").plain(Void.class)).isNull();
    }

    @Test
    void textAnswersTheBodyAndDecodesErrors() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain")
                .body("# HELP up\nup 1\n").build());
        answer(401, "{\"ok\":false,\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"bad key\",\"status\":401,"
                + "\"details\":{}},\"meta\":{}}", "X-Request-Id", "r-401");

        assertThat(transport.get("metrics").text()).isEqualTo("# HELP up\nup 1\n");
        assertThatThrownBy(() -> transport.get("metrics").text()).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.requestId()).isEqualTo("r-401");
        });
    }

    @Test
    void aPathSegmentCannotLeaveItsRoute() {
        assertThat(ApiPaths.segment("a/b?c#d")).isEqualTo("a%2Fb%3Fc%23d");
        assertThatThrownBy(() -> ApiPaths.segment("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiPaths.segment("")).isInstanceOf(IllegalArgumentException.class);
    }
}
