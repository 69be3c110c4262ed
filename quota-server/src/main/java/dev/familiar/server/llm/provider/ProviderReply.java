package dev.familiar.server.llm.provider;

import java.util.OptionalLong;

/**
 * The provider's answer: its id, the text, and the total tokens it counted ({@code usage.total_tokens}), when it
 * reported them; a chat call ({@link LlmProvider#complete(ChatRequest, java.util.function.Consumer)}) also carries
 * the split ({@code usage.prompt_tokens}, {@code usage.completion_tokens}) when the provider reported it.
 */
public record ProviderReply(String id, String provider, String message, OptionalLong totalTokens,
                            OptionalLong promptTokens, OptionalLong completionTokens) {
    public ProviderReply {
        totalTokens = totalTokens == null ? OptionalLong.empty() : totalTokens;
        promptTokens = promptTokens == null ? OptionalLong.empty() : promptTokens;
        completionTokens = completionTokens == null ? OptionalLong.empty() : completionTokens;
    }

    /** An answer with a total count only (the plain consume's call). */
    public ProviderReply(String id, String provider, String message, OptionalLong totalTokens) {
        this(id, provider, message, totalTokens, OptionalLong.empty(), OptionalLong.empty());
    }
}
