package dev.familiar.server.llm.provider;

import java.util.OptionalLong;

/**
 * The provider's answer: its id, the text, and the total tokens it counted ({@code usage.total_tokens}), when it
 * reported them.
 */
public record ProviderReply(String id, String provider, String message, OptionalLong totalTokens) {
}
