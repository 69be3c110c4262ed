package dev.familiar.server.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.server.config.LlmTokenSettings;
import java.io.IOException;
import java.time.Duration;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenAI-compatible adapter against a local stand-in answering like OpenAI, Qwen (DashScope compatible mode) and
 * Gemini (OpenAI-compatible endpoint) do: what goes over the wire, how answers map, and that every failure is a
 * {@link ProviderException} that names the provider but never the key or the prompt.
 */
class OpenAiCompatibleProviderTest {
    private static final String API_KEY = "sk-test-Kq9ZxL0pW3rT7yU1vB5nM8aS";
    private static final String PROMPT = "my private diary entry: the vault code is 4711-PROMPT";
    private static final OkHttpClient SHARED = new OkHttpClient();
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

    @ParameterizedTest
    @ValueSource(strings = {"openai", "qwen", "gemini"})
    void successMapsTheCompletionAndSendsTheRequestUnderTheBasePath(String name) throws Exception {
        answer(200, successBody(name));
        OpenAiCompatibleProvider provider = provider(name, Duration.ofSeconds(10));

        ProviderReply reply = provider.complete(PROMPT, 64);

        assertThat(reply.provider()).isEqualTo(name);
        assertThat(reply.message()).isEqualTo("Hello from " + name + "!");
        assertThat(reply.totalTokens()).isEqualTo(OptionalLong.of(29));
        switch (name) {
            case "openai" -> assertThat(reply.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
            case "qwen" -> assertThat(reply.id()).isEqualTo("chatcmpl-6ada9ed2-7f33-9de2-8bb0-78bd4035025a");
            default -> assertThat(reply.id()).startsWith("gemini-").hasSizeGreaterThan("gemini-".length());
        }
        assertThat(provider.dryRun()).isFalse();
        assertThat(provider.name()).isEqualTo(name);

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo(basePath(name) + "/chat/completions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + API_KEY);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        JsonNode body = MAPPER.readTree(request.getBody().utf8());
        assertThat(body.path("model").asText()).isEqualTo(defaults(name).model());
        assertThat(body.path("messages").size()).isEqualTo(1);
        assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(0).path("content").asText()).isEqualTo(PROMPT);
        assertThat(body.path("max_tokens").isIntegralNumber() || body.path("max_completion_tokens").isIntegralNumber())
                .isTrue();
    }

    /** OpenAI's o-series refuse {@code max_tokens}; Qwen's and Gemini's compatible modes read only {@code max_tokens}. */
    @ParameterizedTest
    @ValueSource(strings = {"openai", "qwen", "gemini"})
    void theCompletionCapGoesInTheProvidersOwnField(String name) throws Exception {
        answer(200, successBody(name));

        provider(name, Duration.ofSeconds(10)).complete(PROMPT, 64);

        JsonNode body = MAPPER.readTree(take().getBody().utf8());
        String field = "openai".equals(name) ? "max_completion_tokens" : "max_tokens";
        String other = "openai".equals(name) ? "max_tokens" : "max_completion_tokens";
        assertThat(body.path(field).isIntegralNumber()).as(body.toString()).isTrue();
        assertThat(body.path(field).asLong()).isEqualTo(64);
        assertThat(body.has(other)).as(body.toString()).isFalse();
    }

    @Test
    void aConfiguredFieldOverridesTheProvidersDefault() throws Exception {
        answer(200, successBody("qwen"));
        LlmTokenSettings.Provider d = defaults("qwen");
        LlmTokenSettings.Provider qwen = new LlmTokenSettings.Provider("qwen", baseUrl("qwen"), d.model(),
                Optional.of(API_KEY), Duration.ofSeconds(10), d.pricePerToken(), "max_completion_tokens");

        new OpenAiCompatibleProvider(qwen, SHARED).complete(PROMPT, 33);

        JsonNode body = MAPPER.readTree(take().getBody().utf8());
        assertThat(body.path("max_completion_tokens").asLong()).isEqualTo(33);
        assertThat(body.has("max_tokens")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "qwen", "gemini"})
    void aServerErrorIsAProviderExceptionWithoutKeyOrPromptAndIsNotRetried(String name) throws Exception {
        // A provider that echoes the request in its error must not leak it through us.
        answer(500, "{\"error\":{\"message\":\"failed on '" + PROMPT + "' with Bearer " + API_KEY
                + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}");
        OpenAiCompatibleProvider provider = provider(name, Duration.ofSeconds(10));

        ProviderException e = failure(provider, PROMPT);

        assertThat(e.getMessage()).contains(name).contains("500").contains("server_error");
        assertSafe(e);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnauthorisedAnswerDoesNotRepeatTheKeyTheProviderQuotes() throws Exception {
        answer(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + API_KEY + ". You can find your API key at"
                + " https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_api_key\"}}");

        ProviderException e = failure(provider("openai", Duration.ofSeconds(10)), PROMPT);

        assertThat(e.getMessage()).isEqualTo("openai answered 401 (invalid_api_key)");
        assertSafe(e);
    }

    @Test
    void tooManyRequestsIsAProviderExceptionToo() throws Exception {
        answer(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}");

        ProviderException e = failure(provider("openai", Duration.ofSeconds(10)), PROMPT);

        assertThat(e.getMessage()).isEqualTo("openai answered 429 (rate_limit_exceeded)");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void geminisArrayWrappedErrorGivesItsStatus() throws Exception {
        answer(400, "[{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload: " + PROMPT
                + "\",\"status\":\"INVALID_ARGUMENT\"}}]");

        ProviderException e = failure(provider("gemini", Duration.ofSeconds(10)), PROMPT);

        assertThat(e.getMessage()).isEqualTo("gemini answered 400 (INVALID_ARGUMENT)");
        assertSafe(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "qwen", "gemini"})
    void aSlowAnswerTimesOutAsAProviderException(String name) throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body(successBody(name)).bodyDelay(3, TimeUnit.SECONDS).build());

        ProviderException e = failure(provider(name, Duration.ofSeconds(1)), PROMPT);

        assertThat(e.getMessage()).startsWith(name + " did not answer in time");
        assertThat(e.getCause()).isInstanceOf(java.io.InterruptedIOException.class);
        assertSafe(e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "qwen", "gemini"})
    void garbageInA200IsAProviderException(String name) throws Exception {
        answer(200, "<html>upstream proxy says " + PROMPT + "</html>");

        ProviderException e = failure(provider(name, Duration.ofSeconds(10)), PROMPT);

        assertThat(e.getMessage()).isEqualTo(name + " answered 200 with a body that is not JSON");
        assertSafe(e);
    }

    @Test
    void jsonWithoutChoicesIsAProviderException() throws Exception {
        answer(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":0,\"total_tokens\":3}}");

        ProviderException e = failure(provider("qwen", Duration.ofSeconds(10)), PROMPT);

        assertThat(e.getMessage()).isEqualTo("qwen answered 200 without choices[0].message");
    }

    @Test
    void aJsonArrayInA200IsAProviderException() throws Exception {
        answer(200, "[1,2,3]");

        assertThat(failure(provider("openai", Duration.ofSeconds(10)), PROMPT).getMessage())
                .isEqualTo("openai answered 200 without a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "qwen", "gemini"})
    void anAnswerWithoutUsageHasNoTokenCount(String name) throws Exception {
        answer(200, "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"model\":\"" + defaults(name).model()
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}]}");

        ProviderReply reply = provider(name, Duration.ofSeconds(10)).complete(PROMPT, 16);

        assertThat(reply).isEqualTo(new ProviderReply("chatcmpl-2", name, "ok", OptionalLong.empty()));
    }

    @Test
    void aNullContentIsAnEmptyMessageWithItsTokenCount() throws Exception {
        answer(200, "{\"id\":\"chatcmpl-3\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":16,\"total_tokens\":21}}");

        ProviderReply reply = provider("gemini", Duration.ofSeconds(10)).complete(PROMPT, 16);

        assertThat(reply).isEqualTo(new ProviderReply("chatcmpl-3", "gemini", "", OptionalLong.of(21)));
    }

    @Test
    void anEmptyPromptIsSentAsGiven() throws Exception {
        answer(200, successBody("openai"));

        provider("openai", Duration.ofSeconds(10)).complete("", 8);

        JsonNode body = MAPPER.readTree(take().getBody().utf8());
        assertThat(body.path("messages").path(0).path("content").isTextual()).isTrue();
        assertThat(body.path("messages").path(0).path("content").asText()).isEmpty();
    }

    @Test
    void aTrailingSlashInTheBaseUrlIsIgnored() throws Exception {
        answer(200, successBody("qwen"));
        LlmTokenSettings.Provider settings = keyed("qwen", server.url("/compatible-mode/v1/").toString(),
                Duration.ofSeconds(10));

        new OpenAiCompatibleProvider(settings, SHARED).complete(PROMPT, 8);

        assertThat(take().getUrl().encodedPath()).isEqualTo("/compatible-mode/v1/chat/completions");
    }

    @Test
    void anUnreachableProviderIsAProviderException() throws Exception {
        String url = server.url("/v1").toString().replaceAll("/$", "");
        server.close();

        ProviderException e = failure(new OpenAiCompatibleProvider(keyed("openai", url, Duration.ofSeconds(5)), SHARED),
                PROMPT);

        assertThat(e.getMessage()).startsWith("openai ");
        assertSafe(e);
    }

    @Test
    void aProviderWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> new OpenAiCompatibleProvider(defaults("openai"), SHARED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openai");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(provider("openai", Duration.ofSeconds(1)).toString()).contains("openai").doesNotContain(API_KEY);
    }

    @Test
    void providersFromSettingsSendKeyedProvidersToTheirBaseUrlAndEchoTheOthers() throws Exception {
        answer(200, successBody("gemini"));
        LlmTokenSettings settings = LlmTokenSettings.defaults()
                .withProvider(keyed("gemini", baseUrl("gemini"), Duration.ofSeconds(10)));
        Providers providers = Providers.from(settings, SHARED);

        ProviderReply gemini = providers.find("gemini").orElseThrow().complete(PROMPT, 32);
        ProviderReply openai = providers.find("openai").orElseThrow().complete(PROMPT, 32);

        assertThat(gemini.message()).isEqualTo("Hello from gemini!");
        assertThat(take().getUrl().encodedPath()).isEqualTo("/v1beta/openai/chat/completions");
        assertThat(openai.id()).startsWith("echo-");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(providers.dryRunNames()).containsExactly("openai", "qwen");
    }

    // --- helpers ---

    private OpenAiCompatibleProvider provider(String name, Duration timeout) {
        return new OpenAiCompatibleProvider(keyed(name, baseUrl(name), timeout), SHARED);
    }

    private static LlmTokenSettings.Provider keyed(String name, String baseUrl, Duration timeout) {
        LlmTokenSettings.Provider d = defaults(name);
        return new LlmTokenSettings.Provider(name, baseUrl, d.model(), Optional.of(API_KEY), timeout, d.pricePerToken());
    }

    private static LlmTokenSettings.Provider defaults(String name) {
        return LlmTokenSettings.defaults().providers().get(name);
    }

    /** The local stand-in under the provider's real base path, without a trailing slash. */
    private String baseUrl(String name) {
        return server.url(basePath(name)).toString().replaceAll("/$", "");
    }

    private static String basePath(String name) {
        return switch (name) {
            case "openai" -> "/v1";
            case "qwen" -> "/compatible-mode/v1";
            case "gemini" -> "/v1beta/openai";
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** What each provider answers: OpenAI's chat.completion, DashScope's (same shape, its own ids), Gemini's (no id). */
    private static String successBody(String name) {
        return switch (name) {
            case "openai" -> """
                    {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
                     "model":"gpt-4o-mini-2024-07-18",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from openai!","refusal":null,
                       "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
                       "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                       "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                         "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                     "service_tier":"default","system_fingerprint":"fp_06737a9306"}
                    """;
            case "qwen" -> """
                    {"choices":[{"message":{"role":"assistant","content":"Hello from qwen!"},"finish_reason":"stop",
                       "index":0,"logprobs":null}],
                     "object":"chat.completion",
                     "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
                       "prompt_tokens_details":{"cached_tokens":0}},
                     "created":1735120033,"system_fingerprint":null,"model":"qwen-plus",
                     "id":"chatcmpl-6ada9ed2-7f33-9de2-8bb0-78bd4035025a"}
                    """;
            default -> """
                    {"choices":[{"finish_reason":"stop","index":0,
                       "message":{"content":"Hello from gemini!","role":"assistant"}}],
                     "created":1741569952,"model":"gemini-2.0-flash","object":"chat.completion",
                     "usage":{"completion_tokens":10,"prompt_tokens":19,"total_tokens":29}}
                    """;
        };
    }

    private void answer(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body(json).build());
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the stand-in").isNotNull();
        return request;
    }

    private static ProviderException failure(LlmProvider provider, String prompt) {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.complete(prompt, 64));
        assertThat(e).as("a ProviderException").isNotNull();
        return e;
    }

    /** Neither the message nor any cause's message carries the key or the prompt. */
    private static void assertSafe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY).doesNotContain(PROMPT)
                    .doesNotContain("4711");
        }
    }
}
