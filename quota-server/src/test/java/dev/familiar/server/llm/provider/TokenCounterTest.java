package dev.familiar.server.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

/** Our own token counts: OpenAI's encodings per model family, the documented estimate for Qwen and Gemini. */
class TokenCounterTest {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    private static final String TEXT = "Name a red dragon for the campaign: Ember, Ash or Cinder? 龍 🐉";

    @Test
    void openAisNewModelsCountWithO200kAndOlderOnesWithCl100k() {
        TokenCounter fourO = TokenCounter.of("openai", "gpt-4o-mini");
        TokenCounter turbo = TokenCounter.of("openai", "gpt-3.5-turbo");

        assertThat(fourO.method()).isEqualTo("o200k_base");
        assertThat(TokenCounter.of("openai", "o3-mini").method()).isEqualTo("o200k_base");
        assertThat(turbo.method()).isEqualTo("cl100k_base");
        assertThat(fourO.text(TEXT)).isEqualTo(REGISTRY.getEncoding(EncodingType.O200K_BASE).countTokensOrdinary(TEXT));
        assertThat(turbo.text(TEXT)).isEqualTo(REGISTRY.getEncoding(EncodingType.CL100K_BASE).countTokensOrdinary(TEXT));
        assertThat(fourO.prompt(TEXT)).isEqualTo(fourO.text(TEXT) + TokenCounter.MESSAGE_OVERHEAD);
    }

    @Test
    void providersWithoutAPublicTokenizerAreEstimatedAtHalfTheirUtf8BytesRoundedUp() {
        TokenCounter qwen = TokenCounter.of("qwen", "qwen-plus");

        assertThat(qwen.method()).isEqualTo("utf8-bytes/2");
        assertThat(qwen.text("abc")).isEqualTo(2);
        assertThat(qwen.text("龍")).isEqualTo(2); // 3 bytes
        assertThat(TokenCounter.of("gemini", "gemini-2.0-flash").prompt("abcd")).isEqualTo(2 + TokenCounter.MESSAGE_OVERHEAD);
        assertThat(qwen.text("")).isZero();
    }

    @Test
    void specialTokenTextIsCountedAsOrdinaryText() {
        assertThat(TokenCounter.of("openai", "gpt-4o").text("<|endoftext|>")).isGreaterThan(1);
    }
}
