package dev.familiar.server.llm.provider;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The dry-run {@link LlmProvider}, used when a provider has no key: nothing leaves this machine. It answers
 * {@code "[dry-run echo from <name>] "} followed by the first {@value #MAX_ECHOED} characters of the prompt, with an
 * {@code echo-<uuid>} id and no token count (so the caller keeps its reservation as the count).
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
