package dev.familiar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpPipelineTest {
    /** Many times the chunk Javalin copies a result through, and not a multiple of it. */
    private static final String LARGE_TEXT = "0123456789abcdef".repeat(HttpApp.RESULT_COPY_CHUNK) + "tail";
    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir, routes -> routes.get("/test/boom", dev.familiar.server.auth.Access.PUBLIC, ctx -> {
            throw new IllegalStateException("database password=hunter2 leaked into an exception");
        }).get("/test/large", dev.familiar.server.auth.Access.PUBLIC, ctx -> ApiResponses.ok(ctx,
                Map.of("text", LARGE_TEXT))));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String url(String path) {
        return server.baseUrl() + path;
    }

    @Test
    void smokeAnswersTheEnvelopeWithOkTrue() {
        Answer answer = HttpCalls.get(url("/api/diag/smoke"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("data").path("ok").asBoolean()).isTrue();
        assertThat(body.path("meta").path("requestId").asText()).isEqualTo(answer.header("x-request-id"));
        assertThat(body.path("meta").path("correlationId").asText()).isEqualTo(answer.header("x-correlation-id"));
    }

    @Test
    void aResponseLargerThanTheCopyChunkArrivesWhole() {
        Answer answer = HttpCalls.get(url("/test/large"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/text").asText()).isEqualTo(LARGE_TEXT);
    }

    @Test
    void givenIdsAndTenantAreEchoedOnTheResponseAndInMeta() {
        Answer answer = HttpCalls.get(url("/api/diag/smoke"),
                Map.of("x-request-id", "req-123", "x-correlation-id", "corr-456", "x-tenant-id", "tenant-acme"));

        assertThat(answer.header("x-request-id")).isEqualTo("req-123");
        assertThat(answer.header("x-correlation-id")).isEqualTo("corr-456");
        assertThat(answer.header("x-tenant-id")).isEqualTo("tenant-acme");
        assertThat(answer.json().path("meta").path("requestId").asText()).isEqualTo("req-123");
        assertThat(answer.json().path("meta").path("correlationId").asText()).isEqualTo("corr-456");
    }

    @Test
    void missingIdsAreMintedAndDifferPerRequest() {
        Answer first = HttpCalls.get(url("/api/diag/smoke"));
        Answer second = HttpCalls.get(url("/api/diag/smoke"));

        assertThat(first.header("x-request-id")).isNotBlank().isNotEqualTo(second.header("x-request-id"));
        assertThat(first.header("x-correlation-id")).isNotBlank().isNotEqualTo(second.header("x-correlation-id"));
        assertThat(first.header("x-tenant-id")).isNull();
    }

    @Test
    void aRequestIdWithUnsafeCharactersIsReplacedByAMintedOne() {
        Answer answer = HttpCalls.get(url("/api/diag/smoke"), Map.of("x-request-id", "abc\"}{forged log"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("x-request-id")).doesNotContain("forged").matches("[0-9a-f-]{36}");
    }

    @Test
    void aMalformedTenantHeaderIsRefusedWith400() {
        Answer answer = HttpCalls.get(url("/api/diag/smoke"), Map.of("x-tenant-id", "acme corp; drop"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().at("/error/details/fields").has("x-tenant-id")).isTrue();
    }

    @Test
    void malformedJsonIsA400NamingTheBody() {
        Answer answer = HttpCalls.post(url("/api/diag/smoke"), "{\"iterations\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/ok").asBoolean()).isFalse();
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().at("/error/status").asInt()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/$").asText()).startsWith("malformed JSON");
    }

    @Test
    void aFieldOfTheWrongTypeIsA400NamingTheField() {
        Answer asString = HttpCalls.post(url("/api/diag/smoke"), "{\"iterations\": \"5\"}");
        Answer asFraction = HttpCalls.post(url("/api/diag/smoke"), "{\"iterations\": 2.5}");

        assertThat(asString.status()).isEqualTo(400);
        assertThat(asString.json().at("/error/details/fields/iterations").asText()).isEqualTo("expected an integer");
        assertThat(asFraction.status()).isEqualTo(400);
        assertThat(asFraction.json().at("/error/details/fields/iterations").asText()).isEqualTo("expected an integer");
    }

    @Test
    void aBodyThatIsNotAnObjectIsA400() {
        Answer answer = HttpCalls.post(url("/api/diag/smoke"), "[1,2,3]");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/$").asText()).isEqualTo("expected a JSON object");
    }

    @Test
    void anOutOfRangeValueIsA400NamingTheRule() {
        Answer answer = HttpCalls.post(url("/api/diag/smoke"), "{\"iterations\": 1001}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/iterations").asText()).isEqualTo("must be between 1 and 1000");
    }

    @Test
    void aValidBodyRunsTheSmoke() {
        Answer answer = HttpCalls.post(url("/api/diag/smoke"), "{\"iterations\": 3}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/ok").asBoolean()).isTrue();
    }

    @Test
    void anUnknownRouteIsA404Envelope() {
        Answer answer = HttpCalls.get(url("/api/does-not-exist"));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");
        assertThat(answer.header("x-request-id")).isNotBlank();
    }

    @Test
    void aWrongMethodIsA405Envelope() {
        Answer answer = HttpCalls.call(new Request.Builder().url(url("/api/diag/smoke")).delete().build());

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void aBodyOverOneMebibyteIsA413Envelope() {
        String big = "{\"iterations\": 1, \"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        Answer answer = HttpCalls.post(url("/api/diag/smoke"), big);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(answer.json().at("/error/details/maxBytes").asLong()).isEqualTo(1024L * 1024L);
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsAlsoA413() {
        // unknown length: sent chunked, so only reading can find the size
        RequestBody chunked = HttpCalls.chunked(HttpCalls.JSON, sink -> {
            sink.writeUtf8("{\"padding\": \"");
            for (int i = 0; i < 2048; i++) {
                sink.writeUtf8("y".repeat(1024));
            }
            sink.writeUtf8("\"}");
        });

        Answer answer = HttpCalls.call(new Request.Builder().url(url("/api/diag/smoke")).post(chunked).build());

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void anUnexpectedExceptionIsA500WithOnlyTheRequestId() {
        Answer answer = HttpCalls.get(url("/test/boom"), Map.of("x-request-id", "req-boom-1"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(answer.json().at("/error/details/requestId").asText()).isEqualTo("req-boom-1");
        assertThat(answer.body()).doesNotContain("IllegalStateException", "hunter2", "password", "at dev.familiar");
    }
}
