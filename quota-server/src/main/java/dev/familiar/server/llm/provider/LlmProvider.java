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

    /**
     * Asks the provider. {@code maxTokens} is the reservation the caller holds.
     *
     * @throws ProviderException when the provider fails, times out or answers something unusable
     */
    ProviderReply complete(String prompt, long maxTokens) throws ProviderException;
}
