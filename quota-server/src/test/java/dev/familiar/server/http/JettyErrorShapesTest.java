package dev.familiar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.Json;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.TestServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors that Jetty raises before Javalin sees the request answer in our JSON shapes, over a raw socket because no
 * HTTP client sends these requests.
 */
class JettyErrorShapesTest {
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String OVER_THE_HEADER_BUFFER = "x".repeat(20_000);

    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aRequestIdOverTheHeaderLimitIsA431EnvelopeWithMintedIds() {
        RawHttp.Answer answer = send("GET /api/diag/smoke HTTP/1.1\r\nx-request-id: " + OVER_THE_HEADER_BUFFER);

        JsonNode body = envelope(answer, 431, "HEADER_TOO_LARGE");
        assertThat(answer.header("x-request-id")).matches(UUID);
        assertThat(body.at("/meta/requestId").asText()).isEqualTo(answer.header("x-request-id"));
        assertThat(body.at("/meta/correlationId").asText()).isEqualTo(answer.header("x-correlation-id")).matches(UUID);
    }

    @Test
    void aLongBearerTokenIsA431EnvelopeThatDoesNotEchoIt() {
        RawHttp.Answer answer = send("GET /api/me/entitlements HTTP/1.1\r\nAuthorization: Bearer " + OVER_THE_HEADER_BUFFER);

        envelope(answer, 431, "HEADER_TOO_LARGE");
        assertThat(answer.body()).doesNotContain("xxxxxxxx");
    }

    @Test
    void aLongBearerTokenOnA002RouteIsA431InThatFamilysPlainShape() {
        RawHttp.Answer answer = send("GET /api/v1/tokens/quota HTTP/1.1\r\nAuthorization: Bearer " + OVER_THE_HEADER_BUFFER);

        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.header("content-type")).startsWith("application/json");
        JsonNode body = json(answer);
        assertThat(body.path("message").asText()).isEqualTo("The request headers are too large");
        assertThat(body.path("timestamp").asText()).isNotBlank();
        assertThat(answer.header("x-request-id")).matches(UUID);
    }

    @Test
    void aLongUriIsA414Envelope() {
        RawHttp.Answer answer = send("GET /api/diag/smoke?q=" + OVER_THE_HEADER_BUFFER + " HTTP/1.1");

        envelope(answer, 414, "URI_TOO_LONG");
    }

    @Test
    void aRawByteAbove0x7fInThePathIsA400Envelope() {
        byte[] head = "GET /api/diag/\u00e9smoke HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer answer = RawHttp.send(server.baseUrl(), head, new byte[0]);

        envelope(answer, 400, "VALIDATION_FAILED");
    }

    @Test
    void anEscapedNulInThePathIsA400EnvelopeWithIds() {
        // Jetty refuses the request before it hands over its headers: the ids are minted, never empty.
        RawHttp.Answer answer = send("GET /api/diag/%00smoke HTTP/1.1\r\nx-request-id: req-nul-1");

        JsonNode body = envelope(answer, 400, "VALIDATION_FAILED");
        assertThat(body.at("/meta/requestId").asText()).matches(UUID);
    }

    @Test
    void dotSegmentsAboveTheRootAreA400Envelope() {
        envelope(send("GET /api/../../etc/passwd HTTP/1.1"), 400, "VALIDATION_FAILED");
    }

    @Test
    void anEscapedSlashOrDotSegmentMatchesNoRouteAndIsA404Envelope() {
        envelope(send("GET /api/diag%2Fsmoke HTTP/1.1"), 404, "NOT_FOUND");
        envelope(send("GET /api/diag/%2e%2e/diag/smoke HTTP/1.1"), 404, "NOT_FOUND");
    }

    @Test
    void aMalformedHeaderLineIsA400Envelope() {
        envelope(send("GET /api/diag/smoke HTTP/1.1\r\nbad header: x"), 400, "VALIDATION_FAILED");
    }

    @Test
    void anUnknownHttpVersionIsA505Envelope() {
        envelope(send("GET /api/diag/smoke HTTP/1.7"), 505, "VALIDATION_FAILED");
    }

    @Test
    void jwksErrorsUseTheEnvelope() {
        HttpCalls.Answer answer = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/oauth2/jwks")
                .delete().build());

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.json().at("/ok").asBoolean(true)).isFalse();
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(answer.json().at("/meta/requestId").asText()).isEqualTo(answer.header("x-request-id"));
    }

    @Test
    void theServerStillAnswersAfterTheRefusals() {
        send("GET /api/diag/smoke HTTP/1.1\r\nx-request-id: " + OVER_THE_HEADER_BUFFER);
        send("GET /api/diag/%00 HTTP/1.1");

        assertThat(HttpCalls.get(server.baseUrl() + "/api/diag/smoke").status()).isEqualTo(200);
    }

    private static RawHttp.Answer send(String head) {
        return RawHttp.send(server.baseUrl(), head);
    }

    private static JsonNode envelope(RawHttp.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("application/json");
        JsonNode body = json(answer);
        assertThat(body.path("ok").isBoolean()).isTrue();
        assertThat(body.path("ok").asBoolean()).isFalse();
        assertThat(body.at("/error/code").asText()).isEqualTo(code);
        assertThat(body.at("/error/status").asInt()).isEqualTo(status);
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(body.at("/error/details").isObject()).isTrue();
        assertThat(body.at("/meta/requestId").asText()).isEqualTo(answer.header("x-request-id")).isNotBlank();
        assertThat(body.at("/meta/correlationId").asText()).isEqualTo(answer.header("x-correlation-id")).isNotBlank();
        return body;
    }

    private static JsonNode json(RawHttp.Answer answer) {
        try {
            return MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + answer.body(), e);
        }
    }
}
