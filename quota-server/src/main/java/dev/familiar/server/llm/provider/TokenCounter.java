package dev.familiar.server.llm.provider;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts tokens on our side, before the provider call (the prompt, to budget the reservation) and after it (the
 * answer, when the provider's own count is not believable). For {@code openai} it runs OpenAI's BPE with jtokkit:
 * {@code o200k_base} for the gpt-4o / gpt-4.1 / gpt-5 / o-series families, {@code cl100k_base} otherwise. Qwen and
 * Gemini publish no tokenizer usable here, so their count is an estimate: UTF-8 bytes / 2, rounded up (English runs
 * near 4 bytes a token, CJK near 3-4 on their vocabularies). A prompt also costs {@value #MESSAGE_OVERHEAD} tokens of
 * chat framing (OpenAI's recipe: 3 per message, 1 for the role, 3 priming the reply). Special-token text such as
 * {@code <|endoftext|>} is counted as ordinary text. Thread-safe.
 */
public final class TokenCounter {
    /** Chat framing around one user message: 3 per message + 1 for the role + 3 priming the reply. */
    public static final int MESSAGE_OVERHEAD = 7;
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Optional<Encoding> encoding;
    private final String method;

    private TokenCounter(Optional<Encoding> encoding, String method) {
        this.encoding = encoding;
        this.method = method;
    }

    /** The counter for {@code provider} running {@code model} (the model matters only for OpenAI). */
    public static TokenCounter of(String provider, String model) {
        Objects.requireNonNull(provider, "provider");
        if (!"openai".equals(provider)) {
            return new TokenCounter(Optional.empty(), "utf8-bytes/2");
        }
        EncodingType type = o200k(model == null ? "" : model.toLowerCase(Locale.ROOT))
                ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
        return new TokenCounter(Optional.of(REGISTRY.getEncoding(type)), type.getName());
    }

    private static boolean o200k(String model) {
        return model.startsWith("gpt-4o") || model.startsWith("chatgpt-4o") || model.startsWith("gpt-4.1")
                || model.startsWith("gpt-4.5") || model.startsWith("gpt-5") || model.startsWith("o1")
                || model.startsWith("o3") || model.startsWith("o4");
    }

    /** What a prompt sent as one user message costs: its text plus {@link #MESSAGE_OVERHEAD}. */
    public long prompt(String text) {
        return text(text) + MESSAGE_OVERHEAD;
    }

    /** The tokens of {@code text} alone (an answer's text). */
    public long text(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (encoding.isPresent()) {
            return encoding.get().countTokensOrdinary(text);
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + 1) / 2;
    }

    /** {@code o200k_base}, {@code cl100k_base} or {@code utf8-bytes/2}. */
    public String method() {
        return method;
    }

    @Override
    public String toString() {
        return "TokenCounter[" + method + "]";
    }
}
