package dev.familiar.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmTokenConfigTest {
    static final Path HOME = Path.of("/home/someone");

    @Test
    void theDefaultsAreTheDocumentsValues() {
        LlmTokenSettings llm = ConfigLoader.load(Map.of(), HOME).llm();
        assertThat(llm.defaultTier()).isEqualTo("BRONZE");
        assertThat(llm.tier("FREE").quotaMaxTokens()).isEqualTo(100);
        assertThat(llm.tier("FREE").capacityMultiplier()).isEqualTo(0.5);
        assertThat(llm.tier("SILVER").quotaMaxTokens()).isEqualTo(10_000);
        assertThat(llm.tier("GOLD").quotaMaxTokens()).isEqualTo(100_000);
        assertThat(llm.bucketCapacity()).isEqualTo(1000);
        assertThat(llm.leakPerSecond()).isEqualTo(10);
        assertThat(llm.quotaWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(llm.sagaTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(llm.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(llm.providers().keySet()).containsExactlyInAnyOrder("openai", "qwen", "gemini");
        assertThat(llm.providers().values()).allMatch(LlmTokenSettings.Provider::dryRun);
    }

    @Test
    void everySettingCanBeChanged() {
        LlmTokenSettings llm = ConfigLoader.load(Map.ofEntries(
                Map.entry("FAMILIAR_TOKEN_TIERS", "FREE=50:0.25:0.25, PLATINUM=500000"),
                Map.entry("FAMILIAR_TOKEN_DEFAULT_TIER", "FREE"),
                Map.entry("FAMILIAR_TOKEN_QUOTA_WINDOW_HOURS", "12"),
                Map.entry("FAMILIAR_RATE_LIMIT_CAPACITY", "2000"),
                Map.entry("FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND", "20"),
                Map.entry("FAMILIAR_RATE_LIMIT_TENANTS", "tenant-acme=500/60,tenant-globex=1000/60"),
                Map.entry("FAMILIAR_LLM_QWEN_API_KEY", "sk-qwen-123"),
                Map.entry("FAMILIAR_LLM_QWEN_BASE_URL", "http://127.0.0.1:9999/compatible-mode/v1/"),
                Map.entry("FAMILIAR_LLM_QWEN_MODEL", "qwen-max"),
                Map.entry("FAMILIAR_TOKEN_PRICE_QWEN", "0.0005"),
                Map.entry("FAMILIAR_SAGA_TIMEOUT_MINUTES", "5"),
                Map.entry("FAMILIAR_ANALYTICS_RETENTION_DAYS", "30")), HOME).llm();
        assertThat(llm.tier("FREE").quotaMaxTokens()).isEqualTo(50);
        assertThat(llm.tier("FREE").leakMultiplier()).isEqualTo(0.25);
        assertThat(llm.tier("PLATINUM").quotaMaxTokens()).isEqualTo(500_000);
        assertThat(llm.defaultTier()).isEqualTo("FREE");
        assertThat(llm.quotaWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(llm.bucketCapacity()).isEqualTo(2000);
        assertThat(llm.tenantLimits().get("tenant-acme").leakPerSecond()).isEqualTo(500 / 60.0);
        LlmTokenSettings.Provider qwen = llm.providers().get("qwen");
        assertThat(qwen.dryRun()).isFalse();
        assertThat(qwen.baseUrl()).isEqualTo("http://127.0.0.1:9999/compatible-mode/v1");
        assertThat(qwen.model()).isEqualTo("qwen-max");
        assertThat(qwen.pricePerToken()).isEqualByComparingTo(new BigDecimal("0.0005"));
        assertThat(qwen.toString()).doesNotContain("sk-qwen-123");
        assertThat(llm.sagaTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(llm.retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_TOKEN_TIERS", "GOLD:lots"), HOME))
                .hasMessageContaining("FAMILIAR_TOKEN_TIERS");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_TOKEN_DEFAULT_TIER", "DIAMOND"), HOME))
                .hasMessageContaining("FAMILIAR_TOKEN_DEFAULT_TIER");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_RATE_LIMIT_TENANTS", "acme=500"), HOME))
                .hasMessageContaining("FAMILIAR_RATE_LIMIT_TENANTS");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_TOKEN_PRICE_OPENAI", "free"), HOME))
                .hasMessageContaining("FAMILIAR_TOKEN_PRICE_OPENAI");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_LLM_GEMINI_BASE_URL", "gemini.local"), HOME))
                .hasMessageContaining("FAMILIAR_LLM_GEMINI_BASE_URL");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("FAMILIAR_LLM_OPENAI_MAX_TOKENS_FIELD", "max_output_tokens"), HOME))
                .hasMessageContaining("FAMILIAR_LLM_OPENAI_MAX_TOKENS_FIELD");
    }

    @Test
    void theCompletionCapFieldIsPerProviderAndConfigurable() {
        LlmTokenSettings defaults = ConfigLoader.load(Map.of(), HOME).llm();
        assertThat(defaults.providers().get("openai").maxTokensField()).isEqualTo("max_completion_tokens");
        assertThat(defaults.providers().get("qwen").maxTokensField()).isEqualTo("max_tokens");
        assertThat(defaults.providers().get("gemini").maxTokensField()).isEqualTo("max_tokens");

        LlmTokenSettings changed = ConfigLoader.load(Map.of("FAMILIAR_LLM_OPENAI_MAX_TOKENS_FIELD", "max_tokens",
                "FAMILIAR_LLM_GEMINI_MAX_TOKENS_FIELD", "max_completion_tokens"), HOME).llm();
        assertThat(changed.providers().get("openai").maxTokensField()).isEqualTo("max_tokens");
        assertThat(changed.providers().get("gemini").maxTokensField()).isEqualTo("max_completion_tokens");
        assertThat(changed.providers().get("qwen").maxTokensField()).isEqualTo("max_tokens");
    }
}
