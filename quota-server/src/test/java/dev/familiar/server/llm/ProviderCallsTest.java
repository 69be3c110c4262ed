package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.testing.CapturedLog;
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
 * Consume against a provider that is a local HTTP server answering like OpenAI: its usage count reconciles the
 * reservation, and a 500 or a timeout gives the whole reservation back and answers 502.
 */
@Tag("storage")
class ProviderCallsTest {
    static final String KEY = "sk-test-provider-key-123";
    @TempDir
    static Path tempDir;
    static MockWebServer openai;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() throws Exception {
        openai = new MockWebServer();
        openai.start();
        String base = openai.url("/v1").toString();
        LlmTokenSettings llm = LlmTokenSettings.defaults().withProvider(new LlmTokenSettings.Provider("openai", base,
                "gpt-4o-mini", Optional.of(KEY), Duration.ofSeconds(1), new BigDecimal("0.002")));
        server = TestServers.start(TestServers.config(tempDir).withLlm(llm));
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        openai.close();
    }

    static Answer consume(Account who, long tokens) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/tokens/consume", "{\"userId\":\"" + who.userId()
                + "\",\"provider\":\"openai\",\"tokens\":" + tokens + ",\"prompt\":\"secret plot of the campaign\"}", who.bearer());
    }

    static long remaining(Account who) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/tokens/quota?userId=" + who.userId() + "&provider=openai",
                who.bearer()).json().path("remainingTokens").asLong();
    }

    static void answer(int code, String body) {
        openai.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build());
    }

    @Test
    void theProvidersCountReconcilesTheReservation() throws Exception {
        Account user = identity.register("provider-ok");
        answer(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"Ember the Red\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":18,\"total_tokens\":30}}");
        Answer ok = consume(user, 100);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/providerResponse/id").asText()).isEqualTo("chatcmpl-1");
        assertThat(ok.json().at("/providerResponse/message").asText()).isEqualTo("Ember the Red");
        RecordedRequest sent = openai.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.getBody().utf8()).contains("\"max_completion_tokens\":" + (100 - 7 - 5)).contains("secret plot of the campaign");
        assertThat(remaining(user)).isEqualTo(1000 - 30); // 100 reserved, 70 given back
    }

    @Test
    void aFailedCallGivesTheReservationBackAndIs502() throws Exception {
        Account user = identity.register("provider-500");
        answer(200, "{\"id\":\"chatcmpl-2\",\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":{\"total_tokens\":10}}");
        assertThat(consume(user, 20).status()).isEqualTo(200);
        openai.takeRequest(5, TimeUnit.SECONDS);
        long before = remaining(user);
        answer(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}");
        try (CapturedLog log = new CapturedLog()) {
            Answer failed = consume(user, 200);
            assertThat(failed.status()).isEqualTo(502);
            assertThat(failed.json().path("message").asText()).isEqualTo("provider call failed");
            assertThat(failed.json().has("timestamp")).isTrue();
            assertThat(log.text()).doesNotContain(KEY).doesNotContain("secret plot");
        }
        openai.takeRequest(5, TimeUnit.SECONDS);
        assertThat(remaining(user)).isEqualTo(before);

        openai.enqueue(new MockResponse.Builder().code(200).bodyDelay(3, TimeUnit.SECONDS)
                .body("{\"id\":\"late\",\"choices\":[{\"message\":{\"content\":\"late\"}}]}").build());
        Answer timedOut = consume(user, 300);
        assertThat(timedOut.status()).isEqualTo(502);
        assertThat(remaining(user)).isEqualTo(before);
    }
}
