package dev.familiar.server.llm.provider;

/**
 * One LLM provider as the consume route uses it: send a prompt, get an answer and the tokens the provider counted.
 * Implementations: {@link OpenAiCompatibleProvider} (OpenAI, Qwen's DashScope compatible mode, Gemini's
 * OpenAI-compatible endpoint, local servers) and {@link EchoProvider} (dry-run, when no key is configured).
 * Thread-safe.
 */
public interface LlmProvider {
    /** {@code openai}, {@code qwen}, {@code gemini}. */
    String name();

    /** True for the echo adapter: nothing leaves this machine. */
    boolean dryRun();

    /** The model this provider calls unless a request names another (null when it has none, e.g. the echo). */
    default String model() {
        return null;
    }

    /** How we count this provider's tokens (the prompt before the call, the answer when its count is not sane). */
    default TokenCounter tokenCounter() {
        return TokenCounter.of(name(), "");
    }

    /**
     * Asks the provider. {@code maxTokens} caps the completion: the caller's reservation less the prompt's tokens.
     *
     * @throws ProviderException when the provider fails, times out or answers something unusable
     */
    ProviderReply complete(String prompt, long maxTokens) throws ProviderException;

    /**
     * Asks the provider with a system message and settings; {@code onDelta} receives the answer's text as it
     * arrives (a provider that does not stream calls it once with the whole text); a null {@code onDelta} asks for
     * no streaming at all (the caller wants the whole answer only). The default ignores the system message and
     * settings (adapters that support them override it).
     *
     * @throws ProviderException as {@link #complete(String, long)}
     */
    default ProviderReply complete(ChatRequest request, java.util.function.Consumer<String> onDelta)
            throws ProviderException {
        ProviderReply reply = complete(request.prompt(), request.maxTokens());
        if (onDelta != null && !reply.message().isEmpty()) {
            onDelta.accept(reply.message());
        }
        return reply;
    }
}
