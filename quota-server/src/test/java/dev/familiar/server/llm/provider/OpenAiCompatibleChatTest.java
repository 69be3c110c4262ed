package dev.familiar.server.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.server.config.LlmTokenSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat call of the OpenAI-compatible adapter ({@code complete(ChatRequest, onDelta)}) against a local stand-in:
 * the system message, model, temperature, {@code response_format} and cap on the wire; server-sent events read
 * delta by delta with the final usage chunk; a JSON answer to a streaming request and a provider configured not to
 * stream; streamed failures that never carry the key or the prompt.
 */
class OpenAiCompatibleChatTest {
    private static final String API_KEY = "sk-test-Chat9ZxL0pW3rT7yU1vB5nM8";
    private static final String PROMPT = "the secret recipe is 4711-CHAT";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aChatRequestSendsSystemModelTemperatureJsonFormatAndTheCapInTheProvidersField() throws Exception {
        json(200, completion("{\"ok\":true}", 20, 5));
        List<String> deltas = new ArrayList<>();

        ProviderReply reply = provider(false).complete(new ChatRequest("You answer in JSON.", PROMPT, "qwen-max", 0.3,
                77, "json_object"), deltas::add);

        JsonNode body = body();
        assertThat(body.path("model").asText()).isEqualTo("qwen-max");
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo("You answer in JSON.");
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo(PROMPT);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(body.path("max_tokens").asLong()).isEqualTo(77);
        assertThat(body.has("stream")).as("a provider configured not to stream is not asked to").isFalse();
        assertThat(reply.message()).isEqualTo("{\"ok\":true}");
        assertThat(reply.promptTokens()).isEqualTo(OptionalLong.of(20));
        assertThat(reply.completionTokens()).isEqualTo(OptionalLong.of(5));
        assertThat(reply.totalTokens()).isEqualTo(OptionalLong.of(25));
        assertThat(deltas).containsExactly("{\"ok\":true}");
    }

    @Test
    void aPlainChatRequestLeavesOutWhatItDoesNotSet() throws Exception {
        json(200, completion("hi", 3, 1));

        provider(false).complete(ChatRequest.of(PROMPT, 9), null);

        JsonNode body = body();
        assertThat(body.path("model").asText()).isEqualTo("qwen-plus");
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void aStreamedAnswerIsHandedOnDeltaByDeltaWithTheFinalUsage() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body(sse("Au", "tumn ", "rain", null) + "data: [DONE]\n\n").build());
        List<String> deltas = new ArrayList<>();

        ProviderReply reply = provider(true).complete(new ChatRequest(null, PROMPT, null, null, 50, "text"),
                deltas::add);

        JsonNode body = body();
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.has("response_format")).as("text is the default, not sent").isFalse();
        assertThat(deltas).containsExactly("Au", "tumn ", "rain");
        assertThat(reply.message()).isEqualTo("Autumn rain");
        assertThat(reply.id()).isEqualTo("chatcmpl-stream-1");
        assertThat(reply.promptTokens()).isEqualTo(OptionalLong.of(14));
        assertThat(reply.completionTokens()).isEqualTo(OptionalLong.of(3));
        assertThat(reply.totalTokens()).isEqualTo(OptionalLong.of(17));
    }

    @Test
    void aJsonAnswerToAStreamingRequestIsReadWholeAndHandedOnOnce() throws Exception {
        json(200, completion("whole answer", 8, 2));
        List<String> deltas = new ArrayList<>();

        ProviderReply reply = provider(true).complete(ChatRequest.of(PROMPT, 20), deltas::add);

        assertThat(body().path("stream").asBoolean()).isTrue();
        assertThat(deltas).containsExactly("whole answer");
        assertThat(reply.totalTokens()).isEqualTo(OptionalLong.of(10));
    }

    @Test
    void aStreamCutBeforeItsEndIsAFailure() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"" + PROMPT + "\"}}]}\n\n").build());

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider(true).complete(ChatRequest.of(PROMPT, 20), d -> { }));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("qwen").contains("ended early");
        assertSafe(e);
    }

    @Test
    void aStreamedErrorNamesItsCodeButNeverTheKeyOrPrompt() {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                .body("data: {\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"key " + API_KEY
                        + " prompt " + PROMPT + "\"}}\n\n").build());

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider(true).complete(ChatRequest.of(PROMPT, 20), d -> { }));

        assertThat(e.getMessage()).isEqualTo("qwen streamed an error (context_length_exceeded)");
        assertSafe(e);
    }

    @Test
    void anErrorStatusOnAChatCallIsSafeToo() {
        json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + "\",\"code\":\"invalid_api_key\"}}");

        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider(true).complete(new ChatRequest("sys " + PROMPT, PROMPT, null, 1.0, 5, null), d -> { }));

        assertThat(e.getMessage()).isEqualTo("qwen answered 401 (invalid_api_key)");
        assertSafe(e);
    }

    @Test
    void theEchoStreamsTheWholeRenderedPromptInAFewPiecesAndSaysDryRun() {
        EchoProvider echo = new EchoProvider("openai");
        List<String> deltas = new ArrayList<>();
        String prompt = "x".repeat(500);

        ProviderReply reply = echo.complete(ChatRequest.of(prompt, 10), deltas::add);

        assertThat(reply.message()).isEqualTo("[dry-run echo from openai] " + prompt);
        assertThat(String.join("", deltas)).isEqualTo(reply.message());
        assertThat(deltas).hasSizeBetween(2, EchoProvider.DELTAS);
        assertThat(reply.totalTokens()).isEmpty();
        assertThat(echo.dryRun()).isTrue();
    }

    private OpenAiCompatibleProvider provider(boolean stream) {
        LlmTokenSettings.Provider settings = new LlmTokenSettings.Provider("qwen", server.url("/v1").toString(),
                "qwen-plus", Optional.of(API_KEY), Duration.ofSeconds(10), new BigDecimal("0.001"), null, stream);
        return new OpenAiCompatibleProvider(settings, new OkHttpClient());
    }

    private void json(int code, String body) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body)
                .build());
    }

    private JsonNode body() throws Exception {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        return MAPPER.readTree(request.getBody().utf8());
    }

    static String completion(String content, long prompt, long completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + quote(content) + "},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** OpenAI's chunks: a role chunk, one chunk per piece, a finish chunk, then the usage chunk (no choices). */
    static String sse(String... pieces) {
        StringBuilder out = new StringBuilder("data: {\"id\":\"chatcmpl-stream-1\",\"object\":\"chat.completion.chunk\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],"
                + "\"usage\":null}\n\n");
        for (String piece : pieces) {
            if (piece != null) {
                out.append("data: {\"id\":\"chatcmpl-stream-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
                        + "\"index\":0,\"delta\":{\"content\":").append(quote(piece))
                        .append("},\"finish_reason\":null}],\"usage\":null}\n\n");
            }
        }
        out.append("data: {\"id\":\"chatcmpl-stream-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
        out.append(": keep-alive comment\n\n");
        out.append("data: {\"id\":\"chatcmpl-stream-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":3,\"total_tokens\":17}}\n\n");
        return out.toString();
    }

    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSafe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY).doesNotContain("4711");
        }
    }
}
