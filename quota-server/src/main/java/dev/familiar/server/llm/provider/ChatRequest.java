package dev.familiar.server.llm.provider;

import java.util.Objects;

/**
 * One chat-completions call: an optional system message, the user prompt, and settings that override the
 * provider's configured ones when not null.
 *
 * @param system         the system message, or null
 * @param prompt         the user message
 * @param model          the model, or null for the provider's configured model
 * @param temperature    0 to 2, or null for the provider's default
 * @param maxTokens      the completion cap
 * @param responseFormat {@code text}, {@code json_object}, or null (the provider's default, text)
 */
public record ChatRequest(String system, String prompt, String model, Double temperature, long maxTokens,
                          String responseFormat) {
    public ChatRequest {
        prompt = prompt == null ? "" : prompt;
        Objects.requireNonNull(prompt, "prompt");
    }

    /** A plain call: one user message, the provider's settings, the completion capped at {@code maxTokens}. */
    public static ChatRequest of(String prompt, long maxTokens) {
        return new ChatRequest(null, prompt, null, null, maxTokens, null);
    }

    public ChatRequest withMaxTokens(long cap) {
        return new ChatRequest(system, prompt, model, temperature, cap, responseFormat);
    }
}
