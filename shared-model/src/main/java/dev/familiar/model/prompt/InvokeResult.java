package dev.familiar.model.prompt;

/** The answer of an invocation and what it cost the caller's quota. */
public record InvokeResult(String function, int major, int version, String output, String provider, String model,
                           long promptTokens, long completionTokens, long totalTokens) {
}
