package dev.familiar.server.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.server.config.LlmTokenSettings;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The dry-run echo provider, and the registry that picks it for providers without a key. */
class EchoProviderTest {
    private static final String API_KEY = "sk-test-Echo0Registry1Key2";
    private static final OkHttpClient CLIENT = new OkHttpClient();

    @Test
    void echoIsADryRunUnderItsName() {
        EchoProvider echo = new EchoProvider("qwen");

        assertThat(echo.dryRun()).isTrue();
        assertThat(echo.name()).isEqualTo("qwen");
    }

    @Test
    void echoAnswersThePromptWithAnEchoIdAndNoTokenCount() {
        EchoProvider echo = new EchoProvider("openai");

        ProviderReply first = echo.complete("hello there", 50);
        ProviderReply second = echo.complete("hello there", 50);

        assertThat(first.provider()).isEqualTo("openai");
        assertThat(first.message()).isEqualTo("[dry-run echo from openai] hello there");
        assertThat(first.totalTokens()).isEmpty();
        assertThat(first.id()).matches("echo-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void echoKeepsAtMost200CharactersOfThePrompt() {
        String prompt = "a".repeat(199) + "bcdef";

        ProviderReply reply = new EchoProvider("gemini").complete(prompt, 10);

        assertThat(reply.message()).isEqualTo("[dry-run echo from gemini] " + "a".repeat(199) + "b");
    }

    @Test
    void echoDoesNotSplitASurrogatePairAtTheCut() {
        String prompt = "a".repeat(199) + "\uD83D\uDE00" + "tail";

        String message = new EchoProvider("gemini").complete(prompt, 10).message();

        assertThat(message).isEqualTo("[dry-run echo from gemini] " + "a".repeat(199));
    }

    @Test
    void echoOfAnEmptyOrMissingPromptIsJustThePrefix() {
        EchoProvider echo = new EchoProvider("openai");

        assertThat(echo.complete("", 1).message()).isEqualTo("[dry-run echo from openai] ");
        assertThat(echo.complete(null, 1).message()).isEqualTo("[dry-run echo from openai] ");
    }

    @Test
    void withoutKeysEveryProviderIsAnEcho() throws Exception {
        Providers providers = Providers.from(LlmTokenSettings.defaults(), CLIENT);

        assertThat(providers.names()).containsExactly("openai", "qwen", "gemini");
        assertThat(providers.dryRunNames()).containsExactly("openai", "qwen", "gemini");
        assertThat(providers.find("qwen")).get().isInstanceOf(EchoProvider.class);
        assertThat(providers.find("qwen").orElseThrow().complete("hi", 5).message())
                .isEqualTo("[dry-run echo from qwen] hi");
    }

    @Test
    void aProviderWithAKeyIsCalledForReal() {
        LlmTokenSettings.Provider openai = LlmTokenSettings.defaults().providers().get("openai");
        LlmTokenSettings settings = LlmTokenSettings.defaults().withProvider(new LlmTokenSettings.Provider("openai",
                openai.baseUrl(), openai.model(), Optional.of(API_KEY), Duration.ofSeconds(5), openai.pricePerToken()));

        Providers providers = Providers.from(settings, CLIENT);

        assertThat(providers.names()).containsExactly("openai", "qwen", "gemini");
        assertThat(providers.dryRunNames()).containsExactly("qwen", "gemini");
        LlmProvider real = providers.find("openai").orElseThrow();
        assertThat(real).isInstanceOf(OpenAiCompatibleProvider.class);
        assertThat(real.dryRun()).isFalse();
        assertThat(((OpenAiCompatibleProvider) real).endpoint().toString())
                .isEqualTo("https://api.openai.com/v1/chat/completions");
        assertThat(providers.toString()).doesNotContain(API_KEY);
    }

    @Test
    void aBlankKeyCountsAsNoKey() {
        LlmTokenSettings.Provider qwen = LlmTokenSettings.defaults().providers().get("qwen");
        LlmTokenSettings settings = LlmTokenSettings.defaults().withProvider(new LlmTokenSettings.Provider("qwen",
                qwen.baseUrl(), qwen.model(), Optional.of("  "), qwen.timeout(), qwen.pricePerToken()));

        assertThat(Providers.from(settings, CLIENT).find("qwen")).get().isInstanceOf(EchoProvider.class);
    }

    @Test
    void extraProvidersFollowTheKnownOnesAlphabetically() {
        LlmTokenSettings.Provider openai = LlmTokenSettings.defaults().providers().get("openai");
        LlmTokenSettings settings = LlmTokenSettings.defaults()
                .withProvider(new LlmTokenSettings.Provider("zlocal", "http://localhost:11434/v1", "llama3",
                        Optional.empty(), openai.timeout(), openai.pricePerToken()))
                .withProvider(new LlmTokenSettings.Provider("alocal", "http://localhost:8000/v1", "mistral",
                        Optional.empty(), openai.timeout(), openai.pricePerToken()));

        assertThat(Providers.from(settings, CLIENT).names()).containsExactly("openai", "qwen", "gemini", "alocal", "zlocal");
    }

    @Test
    void ofKeepsTheGivenProvidersAndFindsByName() {
        Providers providers = Providers.of(new EchoProvider("b"), new EchoProvider("a"));

        assertThat(providers.names()).containsExactly("b", "a");
        assertThat(providers.dryRunNames()).containsExactly("b", "a");
        assertThat(providers.find("a")).get().extracting(LlmProvider::name).isEqualTo("a");
        assertThat(providers.find("nope")).isEmpty();
        assertThat(providers.find(null)).isEmpty();
        assertThatThrownBy(() -> Providers.of(new EchoProvider("a"), new EchoProvider("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
