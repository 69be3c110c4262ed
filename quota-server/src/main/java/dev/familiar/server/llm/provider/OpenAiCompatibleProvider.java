package dev.familiar.server.llm.provider;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.Json;
import dev.familiar.server.config.LlmTokenSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * An {@link LlmProvider} speaking the OpenAI chat-completions protocol: {@code POST {baseUrl}/chat/completions} with
 * {@code Authorization: Bearer <key>} and {@code {"model", "messages":[{"role":"user","content":prompt}],
 * <cap>}}, where the completion cap's field is the provider's {@code maxTokensField} ({@code max_completion_tokens}
 * for OpenAI, {@code max_tokens} for Qwen and Gemini). OpenAI, Qwen's DashScope compatible mode and Gemini's OpenAI-compatible endpoint all answer the same
 * {@code chat.completion} shape, from which this reads {@code id}, {@code choices[0].message.content} and
 * {@code usage.total_tokens}.
 *
 * <p>The whole call (connect, send, wait, read) is bounded by the provider's timeout. There is no retry: a failed
 * call is reported once and the caller decides. Every failure (non-2xx including 429, timeout, I/O error, an answer
 * that is not a usable completion) is a {@link ProviderException} whose message names the provider and what went
 * wrong (the HTTP status when there is one), and never the key, the prompt or the provider's free-text error.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final ObjectMapper MAPPER = Json.newMapper();
    /** Provider error types/codes are short identifiers; anything else is not echoed. */
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private final LlmTokenSettings.Provider settings;
    private final String apiKey;
    private final HttpUrl endpoint;
    private final OkHttpClient client;
    private final TokenCounter counter;

    /**
     * @param settings the provider; it must have a key (without one use {@link EchoProvider})
     * @param shared   the process's client; this provider derives one with its own call timeout
     */
    public OpenAiCompatibleProvider(LlmTokenSettings.Provider settings, OkHttpClient shared) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(shared, "shared");
        this.apiKey = settings.apiKey().filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(settings.name() + " has no API key; use the echo provider"));
        this.endpoint = endpoint(settings);
        OkHttpClient.Builder builder = shared.newBuilder();
        if (settings.timeout() != null && !settings.timeout().isZero() && !settings.timeout().isNegative()) {
            builder.callTimeout(settings.timeout());
        }
        this.client = builder.build();
        this.counter = TokenCounter.of(settings.name(), settings.model());
    }

    @Override
    public TokenCounter tokenCounter() {
        return counter;
    }

    private static HttpUrl endpoint(LlmTokenSettings.Provider settings) {
        String base = Objects.requireNonNull(settings.baseUrl(), "baseUrl").strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        HttpUrl url = HttpUrl.parse(base + "/chat/completions");
        if (url == null) {
            throw new IllegalArgumentException(settings.name() + " has an invalid base URL");
        }
        return url;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public boolean dryRun() {
        return false;
    }

    @Override
    public String model() {
        return settings.model();
    }

    /** Where the requests go ({@code {baseUrl}/chat/completions}). */
    public HttpUrl endpoint() {
        return endpoint;
    }

    @Override
    public ProviderReply complete(String prompt, long maxTokens) throws ProviderException {
        Request request = new Request.Builder()
                .url(endpoint)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .post(RequestBody.create(requestBody(prompt, maxTokens), JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            int status = response.code();
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                throw new ProviderException(name() + " answered " + status + errorCode(body), null);
            }
            return reply(status, body, false);
        } catch (InterruptedIOException e) {
            throw new ProviderException(name() + " did not answer in time"
                    + (settings.timeout() == null ? "" : " (" + settings.timeout().toMillis() + " ms)"), e);
        } catch (IOException e) {
            throw new ProviderException(name() + " could not be reached (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private byte[] requestBody(String prompt, long maxTokens) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", settings.model());
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", prompt == null ? "" : prompt);
        body.put(settings.maxTokensField(), maxTokens);
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("could not write a chat-completions request", e);
        }
    }

    /**
     * Maps a 2xx answer. A missing {@code id} (Gemini sometimes omits it) becomes {@code <provider>-<uuid>}; a null
     * {@code content} (e.g. the model spent {@code max_tokens} before writing) becomes an empty message, since the
     * provider still counted the tokens.
     */
    private ProviderReply reply(int status, ResponseBody body, boolean split) throws ProviderException, IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body.byteStream());
        } catch (JacksonException e) {
            // The parser's message quotes the body, which may echo the prompt: keep it out.
            throw new ProviderException(name() + " answered " + status + " with a body that is not JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new ProviderException(name() + " answered " + status + " without a JSON object", null);
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw new ProviderException(name() + " answered " + status + " without choices[0].message", null);
        }
        JsonNode content = message.path("content");
        if (!content.isMissingNode() && !content.isNull() && !content.isTextual()) {
            throw new ProviderException(name() + " answered " + status + " with a non-text message", null);
        }
        String text = content.isTextual() ? content.asText() : "";
        JsonNode id = root.path("id");
        String replyId = id.isTextual() && !id.asText().isBlank() ? id.asText() : name() + "-" + UUID.randomUUID();
        JsonNode usage = root.path("usage");
        if (!split) {
            return new ProviderReply(replyId, name(), text, totalTokens(usage.path("total_tokens")));
        }
        return new ProviderReply(replyId, name(), text, totalTokens(usage.path("total_tokens")),
                totalTokens(usage.path("prompt_tokens")), totalTokens(usage.path("completion_tokens")));
    }

    /**
     * A chat call: the system message (role {@code system}) before the prompt, the request's model, temperature and
     * {@code response_format} ({@code {"type":"json_object"}} when asked for) over the provider's, the cap in the
     * provider's field. When {@code onDelta} is given and the provider streams ({@code stream} setting), the call
     * asks for server-sent events with a final usage chunk ({@code "stream_options":{"include_usage":true}}) and
     * hands each {@code choices[0].delta.content} to {@code onDelta} as it arrives, up to {@code data: [DONE]}. A
     * provider that answers {@code application/json} anyway (or one configured not to stream) is read as a whole,
     * and {@code onDelta} gets the text once. Failures are {@link ProviderException}s as for
     * {@link #complete(String, long)}.
     */
    @Override
    public ProviderReply complete(ChatRequest chat, java.util.function.Consumer<String> onDelta)
            throws ProviderException {
        boolean stream = onDelta != null && settings.stream();
        Request request = new Request.Builder()
                .url(endpoint)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .post(RequestBody.create(chatBody(chat, stream), JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            int status = response.code();
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                throw new ProviderException(name() + " answered " + status + errorCode(body), null);
            }
            String type = response.header("Content-Type", "");
            if (type.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
                return events(status, body, onDelta == null ? delta -> { } : onDelta);
            }
            ProviderReply reply = reply(status, body, true);
            if (onDelta != null && !reply.message().isEmpty()) {
                onDelta.accept(reply.message());
            }
            return reply;
        } catch (InterruptedIOException e) {
            throw new ProviderException(name() + " did not answer in time"
                    + (settings.timeout() == null ? "" : " (" + settings.timeout().toMillis() + " ms)"), e);
        } catch (IOException e) {
            throw new ProviderException(name() + " could not be reached (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private byte[] chatBody(ChatRequest chat, boolean stream) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("model", chat.model() == null || chat.model().isBlank() ? settings.model() : chat.model());
        com.fasterxml.jackson.databind.node.ArrayNode messages = body.putArray("messages");
        if (chat.system() != null && !chat.system().isEmpty()) {
            ObjectNode system = messages.addObject();
            system.put("role", "system");
            system.put("content", chat.system());
        }
        ObjectNode message = messages.addObject();
        message.put("role", "user");
        message.put("content", chat.prompt());
        if (chat.temperature() != null) {
            body.put("temperature", chat.temperature());
        }
        if ("json_object".equals(chat.responseFormat())) {
            body.putObject("response_format").put("type", "json_object");
        }
        body.put(settings.maxTokensField(), chat.maxTokens());
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("could not write a chat-completions request", e);
        }
    }

    /**
     * Reads a stream of {@code chat.completion.chunk} events: {@code data:} lines (an event may span several, ended
     * by a blank line), each chunk's {@code choices[0].delta.content} handed on in order, {@code usage} from the
     * chunk that carries it (the last, with {@code include_usage}), until {@code data: [DONE]}. A stream that ends
     * without {@code [DONE]} and without a {@code finish_reason} was cut off: a failure. An {@code error} chunk is a
     * failure naming its code only.
     */
    private ProviderReply events(int status, ResponseBody body, java.util.function.Consumer<String> onDelta)
            throws ProviderException, IOException {
        okio.BufferedSource source = body.source();
        StringBuilder text = new StringBuilder();
        StringBuilder data = new StringBuilder();
        String id = null;
        JsonNode usage = null;
        boolean finished = false;
        boolean done = false;
        while (!done) {
            String line = source.readUtf8Line();
            boolean end = line == null;
            if (!end && line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                continue;
            }
            if (!end && !line.isEmpty()) {
                continue; // event:, id:, retry: and comments carry nothing we use
            }
            if (data.length() > 0) {
                String payload = data.toString().strip();
                data.setLength(0);
                if ("[DONE]".equals(payload)) {
                    done = true;
                    break;
                }
                JsonNode chunk;
                try {
                    chunk = MAPPER.readTree(payload);
                } catch (JacksonException e) {
                    throw new ProviderException(name() + " streamed an event that is not JSON", null);
                }
                if (chunk == null || !chunk.isObject()) {
                    throw new ProviderException(name() + " streamed an event without a JSON object", null);
                }
                if (chunk.has("error")) {
                    throw new ProviderException(name() + " streamed an error" + safeCode(chunk.path("error")), null);
                }
                if (id == null && chunk.path("id").isTextual() && !chunk.path("id").asText().isBlank()) {
                    id = chunk.path("id").asText();
                }
                JsonNode choice = chunk.path("choices").path(0);
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual() && !content.asText().isEmpty()) {
                    text.append(content.asText());
                    onDelta.accept(content.asText());
                } else if (!content.isMissingNode() && !content.isNull() && !content.isTextual()) {
                    throw new ProviderException(name() + " streamed a non-text delta", null);
                }
                if (choice.path("finish_reason").isTextual()) {
                    finished = true;
                }
                if (chunk.path("usage").isObject()) {
                    usage = chunk.path("usage");
                }
            }
            if (end) {
                break;
            }
        }
        if (!done && !finished) {
            throw new ProviderException(name() + " answered " + status + " with a stream that ended early", null);
        }
        String replyId = id != null ? id : name() + "-" + UUID.randomUUID();
        JsonNode u = usage == null ? MAPPER.createObjectNode() : usage;
        OptionalLong prompt = totalTokens(u.path("prompt_tokens"));
        OptionalLong completion = totalTokens(u.path("completion_tokens"));
        OptionalLong total = totalTokens(u.path("total_tokens"));
        if (total.isEmpty() && prompt.isPresent() && completion.isPresent()) {
            total = OptionalLong.of(prompt.getAsLong() + completion.getAsLong());
        }
        return new ProviderReply(replyId, name(), text.toString(), total, prompt, completion);
    }

    private static String safeCode(JsonNode error) {
        for (String field : new String[] {"code", "type", "status"}) {
            JsonNode value = error.path(field);
            if (value.isTextual() && SAFE_CODE.matcher(value.asText()).matches()) {
                return " (" + value.asText() + ")";
            }
        }
        return "";
    }

    private static OptionalLong totalTokens(JsonNode total) {
        // a negative count is passed on: the caller flags it and settles by its own count
        if (total.isIntegralNumber() && total.canConvertToLong()) {
            return OptionalLong.of(total.asLong());
        }
        return OptionalLong.empty();
    }

    /**
     * The provider's {@code error.code}, {@code error.type} or {@code error.status}, when it is a short identifier;
     * never the free-text {@code error.message} (OpenAI's 401 quotes part of the key there).
     */
    private static String errorCode(ResponseBody body) {
        try {
            JsonNode root = MAPPER.readTree(body.byteStream());
            // Gemini wraps its error in a one-element array.
            JsonNode error = (root.isArray() ? root.path(0) : root).path("error");
            for (String field : new String[] {"code", "type", "status"}) {
                JsonNode value = error.path(field);
                if (value.isTextual() && SAFE_CODE.matcher(value.asText()).matches()) {
                    return " (" + value.asText() + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable error body: the status alone says enough
        }
        return "";
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + name() + " " + endpoint + " " + settings.model() + "]";
    }
}
