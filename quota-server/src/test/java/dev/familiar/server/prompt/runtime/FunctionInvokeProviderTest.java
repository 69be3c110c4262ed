package dev.familiar.server.prompt.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.api.Json;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.config.PromptFunctionSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invocation against a local HTTP server answering as an OpenAI-compatible provider: the chat call carries the
 * deployed version's system message, model and temperature and the rendered prompt; the answer and the provider's
 * token count come back, and the caller's quota is charged that count, as {@code /api/v1/tokens/consume} would.
 */
@Tag("storage")
class FunctionInvokeProviderTest {
    static final String KEY = "sk-test-functions-key-456";
    @TempDir
    static Path tempDir;
    static MockWebServer openai;
    static FamiliarServer server;
    static Identity identity;
    static Account admin;

    @BeforeAll
    static void start() throws Exception {
        openai = new MockWebServer();
        openai.start();
        LlmTokenSettings llm = LlmTokenSettings.defaults().withProvider(new LlmTokenSettings.Provider("openai",
                openai.url("/v1").toString(), "gpt-4o-mini", Optional.of(KEY), Duration.ofSeconds(5),
                new BigDecimal("0.002")));
        server = TestServers.start(TestServers.config(tempDir).withLlm(llm)
                .withPrompts(PromptFunctionSettings.defaults().withApproval(false)));
        identity = new Identity(server);
        admin = identity.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        openai.close();
    }

    static Answer post(Account who, String path, String body) {
        return HttpCalls.post(server.baseUrl() + path, body, who.bearer());
    }

    @Test
    void theChatCallCarriesTheVersionsSettingsAndTheQuotaIsChargedTheProvidersCount() throws Exception {
        assertThat(post(admin, "/api/admin/prompt-functions", "{\"name\":\"welcome\",\"description\":\"d\"}").status())
                .isEqualTo(201);
        Answer version = post(admin, "/api/admin/prompt-functions/welcome/versions", "{\"template\":\"Welcome {{who}} "
                + "to {\\\"json\\\": true}\",\"parameters\":[{\"name\":\"who\",\"type\":\"string\",\"required\":true}],"
                + "\"settings\":{\"provider\":\"openai\",\"model\":\"gpt-test-1\",\"temperature\":0.3,\"maxTokens\":50,"
                + "\"system\":\"You write greetings.\"}}");
        assertThat(version.status()).as(version.body()).isEqualTo(201);
        assertThat(post(admin, "/api/admin/prompt-functions/welcome/deployments", "{\"version\":1,\"major\":1}")
                .json().at("/data/status").asText()).isEqualTo("ACTIVE");
        Account product = identity.register("invoke-provider");
        openai.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(
                "{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\",\"model\":\"gpt-test-1\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"Welcome aboard, Ada!\"},\"finish_reason\":"
                        + "\"stop\"}],\"usage\":{\"prompt_tokens\":22,\"completion_tokens\":8,\"total_tokens\":30}}").build());

        Answer invoked = post(product, "/api/v1/functions/welcome/invoke", "{\"major\":1,\"parameters\":{\"who\":\"Ada\"}}");

        assertThat(invoked.status()).as(invoked.body()).isEqualTo(200);
        JsonNode data = invoked.json().path("data");
        assertThat(data.path("output").asText()).isEqualTo("Welcome aboard, Ada!");
        assertThat(data.path("model").asText()).isEqualTo("gpt-test-1");
        assertThat(data.path("totalTokens").asLong()).isEqualTo(30);
        RecordedRequest call = openai.takeRequest(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode sent = Json.newMapper().readTree(call.getBody().utf8());
        assertThat(sent.path("model").asText()).isEqualTo("gpt-test-1");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("You write greetings.");
        assertThat(sent.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Welcome Ada to {\"json\": true}");
        Answer quota = HttpCalls.get(server.baseUrl() + "/api/v1/tokens/quota?userId=" + product.userId()
                + "&provider=openai", product.bearer());
        assertThat(quota.json().path("totalTokens").asLong() - quota.json().path("remainingTokens").asLong())
                .as("charged the provider's count").isEqualTo(30);
    }
}
