package dev.familiar.server.llm.provider;

import dev.familiar.server.config.LlmTokenSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configured {@link LlmProvider}s by name: an {@link OpenAiCompatibleProvider} for each provider with a key, an
 * {@link EchoProvider} (dry-run) for each without. Names keep the settings' order ({@code openai, qwen, gemini}, then
 * any others alphabetically). Immutable.
 */
public final class Providers {
    private final Map<String, LlmProvider> byName;

    private Providers(Map<String, LlmProvider> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** One provider per entry of {@link LlmTokenSettings#providers()}, all sharing {@code client}'s pool. */
    public static Providers from(LlmTokenSettings settings, okhttp3.OkHttpClient client) {
        Objects.requireNonNull(client, "client");
        List<String> order = new ArrayList<>();
        LlmTokenSettings.PROVIDERS.stream().filter(settings.providers()::containsKey).forEach(order::add);
        settings.providers().keySet().stream().filter(n -> !order.contains(n)).sorted().forEach(order::add);
        Map<String, LlmProvider> byName = new LinkedHashMap<>();
        for (String name : order) {
            LlmTokenSettings.Provider p = settings.providers().get(name);
            boolean keyed = p.apiKey().filter(k -> !k.isBlank()).isPresent();
            byName.put(name, keyed ? new OpenAiCompatibleProvider(p, client) : new EchoProvider(name));
        }
        return new Providers(byName);
    }

    /** These providers, in this order (for tests). Names must be distinct. */
    public static Providers of(LlmProvider... providers) {
        Map<String, LlmProvider> byName = new LinkedHashMap<>();
        for (LlmProvider p : providers) {
            if (byName.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException("two providers named " + p.name());
            }
        }
        return new Providers(byName);
    }

    public Optional<LlmProvider> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** Every provider's name. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The names of the providers answering by echo (no key configured). */
    public List<String> dryRunNames() {
        return byName.values().stream().filter(LlmProvider::dryRun).map(LlmProvider::name).toList();
    }

    @Override
    public String toString() {
        return "Providers" + byName.values();
    }
}
