package dev.familiar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Access;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule for every request body: declared JSON, valid UTF-8, no duplicate or unknown keys, no control characters. */
class StrictInputTest {
    /** What the test route reads: an optional text, an optional whole number, an optional flag. */
    record Echo(String name, Integer count, Boolean flag) {
    }

    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        JsonBodies bodies = new JsonBodies(JsonBodies.strictMapper());
        server = TestServers.start(tempDir, routes -> routes
                .post("/test/echo", Access.PUBLIC, ctx -> {
                    Echo echo = bodies.read(ctx, Echo.class);
                    ApiResponses.ok(ctx, echo);
                })
                .post("/test/no-body", Access.PUBLIC, ctx -> ApiResponses.ok(ctx, Map.of("done", true))));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json",
            "application/json; charset=iso-8859-1", "application/jsonx", "multipart/form-data; boundary=x"})
    void aBodyThatIsNotDeclaredJsonIsA415Envelope(String contentType) {
        Answer answer = post("/api/diag/smoke", "{\"iterations\": 2}", contentType);

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(answer.json().at("/meta/requestId").asText()).isEqualTo(answer.header("x-request-id"));
    }

    @Test
    void aBodyWithoutAContentTypeIsA415() {
        Answer answer = post("/api/diag/smoke", "{\"iterations\": 2}", null);

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void a002RouteAnswersItsOwnPlainShapeFor415() {
        Answer answer = post("/api/v1/auth/login", "{\"username\":\"a\",\"password\":\"b\"}", "text/plain");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().path("message").asText()).contains("application/json");
        assertThat(answer.json().has("timestamp")).isTrue();
        assertThat(answer.json().has("ok")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8",
            "Application/JSON; charset=\"utf-8\"", "application/vnd.familiar+json", "application/merge-patch+json"})
    void jsonMediaTypesWithParametersAreAccepted(String contentType) {
        assertThat(post("/api/diag/smoke", "{\"iterations\": 2}", contentType).status()).isEqualTo(200);
    }

    @Test
    void aPostWithoutABodyNeedsNoContentType() {
        Answer answer = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/test/no-body")
                .post(RequestBody.create(new byte[0], null)).build());

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aDuplicateKeyIsA400NamingTheField() {
        Answer top = post("/test/echo", "{\"name\":\"a\",\"name\":\"b\"}", "application/json");
        Answer smoke = post("/api/diag/smoke", "{\"iterations\": 1, \"iterations\": 1000}", "application/json");

        assertThat(top.status()).isEqualTo(400);
        assertThat(top.json().at("/error/details/fields/name").asText()).isEqualTo("appears more than once");
        assertThat(smoke.status()).isEqualTo(400);
        assertThat(smoke.json().at("/error/details/fields/iterations").asText()).isEqualTo("appears more than once");
    }

    @Test
    void aChunkedBodyIsScreenedLikeOneWithALength() {
        Answer duplicate = postChunked("/test/echo", "{\"name\":\"a\",\"name\":\"b\"}", "application/json");
        Answer notJson = postChunked("/test/echo", "name=a", "text/plain");
        Answer fine = postChunked("/test/echo", "{\"name\":\"a\",\"count\":3}", "application/json");

        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().at("/error/details/fields/name").asText()).isEqualTo("appears more than once");
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.json().at("/data/count").asInt()).isEqualTo(3);
    }

    @Test
    void aGetWithoutABodyIsNotRead() {
        Answer answer = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/diag/smoke")
                .header("Content-Type", "text/plain").get().build());

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aDuplicateKeyInANestedObjectIsNamedByItsPath() {
        Answer answer = post("/test/echo", "{\"name\":\"a\",\"x\":[{\"k\":1},{\"k\":1,\"k\":2}]}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields").toString()).contains("\"x[1].k\":\"appears more than once\"");
    }

    @Test
    void anUnknownFieldIsA400NamingIt() {
        Answer answer = post("/test/echo", "{\"name\":\"a\",\"colour\":\"red\"}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/colour").asText()).isEqualTo("is not a known field");
    }

    @Test
    void anUnknownFieldOnARealRouteIsA400() {
        Answer answer = post("/api/diag/smoke", "{\"iterations\": 2, \"verbose\": true}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/verbose").asText()).isEqualTo("is not a known field");
    }

    @Test
    void invalidUtf8IsA400() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        Answer answer = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/test/echo")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/$").asText()).isEqualTo("is not valid UTF-8");
    }

    /** Bytes that are JSON in UTF-16 or UTF-32 (no BOM) are not UTF-8 JSON: Jackson's byte parser must not guess. */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"})
    void jsonInAnotherUnicodeEncodingIsA400(String encoding) {
        byte[] body = "{\"name\":\"x\"}".getBytes(java.nio.charset.Charset.forName(encoding));
        Answer answer = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/test/echo")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void anEncodedSurrogateIsInvalidUtf8() {
        // U+D800 encoded as if it were a character (CESU-8): not UTF-8.
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        Answer answer = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/test/echo")
                .post(RequestBody.create(body, MediaType.get("application/json"))).build());

        assertThat(answer.status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "a\\u0000b", "\\u0001", "\\u001b[31m", "\\u001f"})
    void controlCharactersInAStringAreA400NamingTheField(String escaped) {
        Answer answer = post("/test/echo", "{\"name\":\"" + escaped + "\"}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/name").asText()).contains("control characters");
    }

    @Test
    void aControlCharacterInAFieldNameIsA400() {
        Answer answer = post("/test/echo", "{\"na\\u0000me\":\"x\"}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/$").asText()).contains("field name").contains("control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\uD800", "a\\uDBFFb", "\\uDC00", "\\uDE00\\uD83D", "\\uD83D\\uD83D"})
    void anUnpairedSurrogateIsA400(String escaped) {
        Answer answer = post("/test/echo", "{\"name\":\"" + escaped + "\"}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/name").asText()).contains("unpaired surrogate");
    }

    @Test
    void tabsNewlinesAndPairedSurrogatesAreKept() {
        Answer answer = post("/test/echo", "{\"name\":\"a\\tb\\r\\nc \\uD83D\\uDE00 \u00e9\"}", "application/json");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/name").asText()).isEqualTo("a\tb\r\nc \uD83D\uDE00 \u00e9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\" \"", "\"\"", "\"\\u0000\"", "\"5\"", "\" 5\"", "\"null\"", "true", "5.5", "{}", "[]"})
    void anythingButAWholeNumberInAnIntegerFieldIsA400(String value) {
        Answer echo = post("/test/echo", "{\"count\":" + value + "}", "application/json");
        Answer smoke = post("/api/diag/smoke", "{\"iterations\":" + value + "}", "application/json");

        assertThat(echo.status()).as(value).isEqualTo(400);
        assertThat(echo.json().at("/error/details/fields/count").asText()).as(value).isNotBlank();
        assertThat(smoke.status()).as(value).isEqualTo(400);
        assertThat(smoke.json().at("/error/details/fields/iterations").asText()).as(value).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\" \"", "\"\"", "\"true\"", "1", "0"})
    void anythingButABooleanInABooleanFieldIsA400(String value) {
        Answer echo = post("/test/echo", "{\"flag\":" + value + "}", "application/json");

        assertThat(echo.status()).as(value).isEqualTo(400);
        assertThat(echo.json().at("/error/details/fields/flag").asText()).as(value).isNotBlank();
    }

    @Test
    void nullInAnOptionalFieldIsAbsent() {
        Answer echo = post("/test/echo", "{\"name\":null,\"count\":null,\"flag\":null}", "application/json");
        Answer smoke = post("/api/diag/smoke", "{\"iterations\":null}", "application/json");

        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.json().at("/data/count").isNull()).isTrue();
        assertThat(smoke.status()).isEqualTo(200);
    }

    @Test
    void contentAfterTheJsonValueIsA400() {
        for (String body : List.of("{\"name\":\"a\"} {\"name\":\"b\"}", "{\"name\":\"a\"}x", "{} []")) {
            Answer answer = post("/test/echo", body, "application/json");

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().at("/error/details/fields/$").asText()).as(body).isNotBlank();
        }
    }

    @Test
    void errorsNeverEchoTheValue() {
        Answer answer = post("/test/echo", "{\"count\":\"sk_live_secret_value\"}", "application/json");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("sk_live_secret_value");
    }

    @Test
    void theScreenAppliesToRoutesThatReadTheBodyThemselves() {
        Answer plain = post("/api/webhooks/stripe", "{\"id\":\"evt_1\"}", "text/plain");
        Answer duplicate = post("/api/webhooks/stripe", "{\"id\":\"evt_1\",\"id\":\"evt_2\"}", "application/json; charset=utf-8");
        Answer nul = post("/api/webhooks/stripe", "{\"id\":\"evt_\\u0000\"}", "application/json; charset=utf-8");

        assertThat(plain.status()).isEqualTo(415);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().at("/error/details/fields/id").asText()).isEqualTo("appears more than once");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().at("/error/details/fields/id").asText()).contains("control characters");
    }

    /** {@code body} sent with {@code Transfer-Encoding: chunked} and no {@code Content-Length}. */
    private static Answer postChunked(String path, String body, String contentType) {
        return HttpCalls.call(new Request.Builder().url(server.baseUrl() + path)
                .post(HttpCalls.chunked(MediaType.get(contentType), sink -> sink.writeUtf8(body))).build());
    }

    private static Answer post(String path, String body, String contentType) {
        RequestBody requestBody = contentType == null
                ? RequestBody.create(body.getBytes(StandardCharsets.UTF_8), null)
                : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get(contentType));
        Request.Builder request = new Request.Builder().url(server.baseUrl() + path).post(requestBody);
        if (contentType != null) {
            request.header("Content-Type", contentType); // exactly as written, parameters and case included
        }
        return HttpCalls.call(request.build());
    }
}
