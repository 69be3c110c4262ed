package dev.familiar.server.llm.provider;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The dry-run {@link LlmProvider}, used when a provider has no key: nothing leaves this machine. It answers
 * {@code "[dry-run echo from <name>] "} followed by the first {@value #MAX_ECHOED} characters of the prompt, with an
 * {@code echo-<uuid>} id and no token count (so the caller keeps its reservation as the count). A chat call
 * ({@link #complete(ChatRequest, java.util.function.Consumer)}, the Prompt Lab's dry-run) echoes the whole rendered
 * prompt after the same dry-run prefix, handed to {@code onDelta} in a few pieces as a streaming provider would.
 */
public final class EchoProvider implements LlmProvider {
    /** How much of the prompt is echoed back, in characters. */
    public static final int MAX_ECHOED = 200;

    private final String name;

    public EchoProvider(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean dryRun() {
        return true;
    }

    @Override
    public ProviderReply complete(String prompt, long maxTokens) {
        return new ProviderReply("echo-" + UUID.randomUUID(), name,
                "[dry-run echo from " + name + "] " + head(prompt == null ? "" : prompt), OptionalLong.empty());
    }

    /** How many pieces a chat call's echo is streamed in (fewer for a short text). */
    public static final int DELTAS = 4;

    @Override
    public String model() {
        return "echo";
    }

    @Override
    public ProviderReply complete(ChatRequest request, java.util.function.Consumer<String> onDelta) {
        String text = "[dry-run echo from " + name + "] " + request.prompt();
        if (onDelta != null) {
            int size = Math.max(1, (text.length() + DELTAS - 1) / DELTAS);
            int start = 0;
            while (start < text.length()) {
                int end = Math.min(text.length(), start + size);
                if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                    end++;
                }
                onDelta.accept(text.substring(start, end));
                start = end;
            }
        }
        return new ProviderReply("echo-" + UUID.randomUUID(), name, text, OptionalLong.empty());
    }

    /** At most {@link #MAX_ECHOED} characters, without splitting a surrogate pair. */
    private static String head(String prompt) {
        if (prompt.length() <= MAX_ECHOED) {
            return prompt;
        }
        int end = MAX_ECHOED;
        if (Character.isHighSurrogate(prompt.charAt(end - 1))) {
            end--;
        }
        return prompt.substring(0, end);
    }

    @Override
    public String toString() {
        return "EchoProvider[" + name + "]";
    }
}
