package dev.familiar.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The LLM-token API ({@code 002_…}): tiers, quota window, leaky-bucket limits (with per-tenant overrides),
 * providers, token prices, the purchase saga's timeout and the analytics retention. {@link #defaults()} holds the
 * document's values.
 */
public record LlmTokenSettings(Map<String, Tier> tiers, String defaultTier, Duration quotaWindow, long bucketCapacity,
                               double leakPerSecond, Map<String, TenantLimit> tenantLimits,
                               Map<String, Provider> providers, String upgradeUrl, Duration sagaTimeout,
                               Duration retention, String currency) {

    /**
     * A tier: the most tokens a quota on it may hold per window, and how it scales the user's leaky bucket.
     * {@code priority} orders tiers (FREE 0 … ENTERPRISE 4).
     */
    public record Tier(String name, int priority, long quotaMaxTokens, double capacityMultiplier, double leakMultiplier) {
    }

    /** A tenant's own bucket: {@code capacity} tokens draining over {@code window} (the document's tenant-acme). */
    public record TenantLimit(long capacity, Duration window) {
        public double leakPerSecond() {
            return capacity / (double) window.toSeconds();
        }
    }

    /**
     * An OpenAI-compatible chat-completions endpoint. Without a key the provider answers by echo (dry-run), which
     * status and logs say.
     *
     * @param pricePerToken  what one token costs (in {@link #currency()}), for purchases and cost allocation
     * @param maxTokensField the request field that caps the completion: {@value #MAX_COMPLETION_TOKENS} (OpenAI, whose
     *                       o-series refuse {@code max_tokens}) or {@value #MAX_TOKENS} (Qwen's and Gemini's
     *                       compatible modes); {@code null} takes {@link #defaultMaxTokensField(String)}
     * @param stream         whether chat calls that want the answer as it arrives ask for it streamed
     *                       ({@code "stream": true}, server-sent events); false for a server that cannot stream
     */
    public record Provider(String name, String baseUrl, String model, Optional<String> apiKey, Duration timeout,
                           BigDecimal pricePerToken, String maxTokensField, boolean stream) {
        public static final String MAX_TOKENS = "max_tokens";
        public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";
        public static final List<String> MAX_TOKENS_FIELDS = List.of(MAX_TOKENS, MAX_COMPLETION_TOKENS);

        public Provider {
            apiKey = apiKey == null ? Optional.empty() : apiKey;
            maxTokensField = maxTokensField == null ? defaultMaxTokensField(name) : maxTokensField;
            if (!MAX_TOKENS_FIELDS.contains(maxTokensField)) {
                throw new IllegalArgumentException("maxTokensField must be one of " + MAX_TOKENS_FIELDS);
            }
        }

        /** Streaming when asked for. */
        public Provider(String name, String baseUrl, String model, Optional<String> apiKey, Duration timeout,
                        BigDecimal pricePerToken, String maxTokensField) {
            this(name, baseUrl, model, apiKey, timeout, pricePerToken, maxTokensField, true);
        }

        /** This provider, streaming or not. */
        public Provider withStream(boolean on) {
            return new Provider(name, baseUrl, model, apiKey, timeout, pricePerToken, maxTokensField, on);
        }

        /** With the provider's default request field ({@link #defaultMaxTokensField(String)}). */
        public Provider(String name, String baseUrl, String model, Optional<String> apiKey, Duration timeout,
                        BigDecimal pricePerToken) {
            this(name, baseUrl, model, apiKey, timeout, pricePerToken, null);
        }

        /** {@code max_completion_tokens} for {@code openai}, {@code max_tokens} for every other provider. */
        public static String defaultMaxTokensField(String name) {
            return "openai".equals(name) ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
        }

        public boolean dryRun() {
            return apiKey.isEmpty();
        }

        /** Never prints the key. */
        @Override
        public String toString() {
            return "Provider[" + name + " " + baseUrl + " " + model + " " + maxTokensField + (stream ? "" : " no-stream")
                    + (apiKey.isPresent() ? " key set" : " dry-run") + "]";
        }
    }

    public static final List<String> PROVIDERS = List.of("openai", "qwen", "gemini");

    public LlmTokenSettings {
        tiers = Map.copyOf(tiers);
        tenantLimits = Map.copyOf(tenantLimits);
        providers = Map.copyOf(providers);
        Objects.requireNonNull(defaultTier, "defaultTier");
        if (!tiers.containsKey(defaultTier)) {
            throw new IllegalArgumentException("the default tier " + defaultTier + " is not a tier");
        }
    }

    public static LlmTokenSettings defaults() {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        tiers.put("FREE", new Tier("FREE", 0, 100, 0.5, 0.5));
        tiers.put("BRONZE", new Tier("BRONZE", 1, 1_000, 1, 1));
        tiers.put("SILVER", new Tier("SILVER", 2, 10_000, 1, 1));
        tiers.put("GOLD", new Tier("GOLD", 3, 100_000, 1, 1));
        tiers.put("ENTERPRISE", new Tier("ENTERPRISE", 4, 10_000_000, 1, 1));
        Map<String, Provider> providers = new LinkedHashMap<>();
        Duration timeout = Duration.ofSeconds(30);
        providers.put("openai", new Provider("openai", "https://api.openai.com/v1", "gpt-4o-mini", Optional.empty(),
                timeout, new BigDecimal("0.002")));
        providers.put("qwen", new Provider("qwen", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "qwen-plus",
                Optional.empty(), timeout, new BigDecimal("0.001")));
        providers.put("gemini", new Provider("gemini", "https://generativelanguage.googleapis.com/v1beta/openai",
                "gemini-2.0-flash", Optional.empty(), timeout, new BigDecimal("0.001")));
        return new LlmTokenSettings(tiers, "BRONZE", Duration.ofHours(24), 1_000, 10, Map.of(), providers,
                "https://familiar.example/upgrade", Duration.ofMinutes(10), Duration.ofDays(90), "usd");
    }

    public Tier tier(String name) {
        Tier t = tiers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown tier " + name);
        }
        return t;
    }

    public LlmTokenSettings withProvider(Provider provider) {
        Map<String, Provider> copy = new LinkedHashMap<>(providers);
        copy.put(provider.name(), provider);
        return new LlmTokenSettings(tiers, defaultTier, quotaWindow, bucketCapacity, leakPerSecond, tenantLimits, copy,
                upgradeUrl, sagaTimeout, retention, currency);
    }

    public LlmTokenSettings withTenantLimit(String tenantId, TenantLimit limit) {
        Map<String, TenantLimit> copy = new LinkedHashMap<>(tenantLimits);
        copy.put(tenantId, limit);
        return new LlmTokenSettings(tiers, defaultTier, quotaWindow, bucketCapacity, leakPerSecond, copy, providers,
                upgradeUrl, sagaTimeout, retention, currency);
    }

    public LlmTokenSettings withBucket(long capacity, double leak) {
        return new LlmTokenSettings(tiers, defaultTier, quotaWindow, capacity, leak, tenantLimits, providers, upgradeUrl,
                sagaTimeout, retention, currency);
    }

    public LlmTokenSettings withSagaTimeout(Duration timeout) {
        return new LlmTokenSettings(tiers, defaultTier, quotaWindow, bucketCapacity, leakPerSecond, tenantLimits,
                providers, upgradeUrl, timeout, retention, currency);
    }
}
