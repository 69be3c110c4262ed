package dev.familiar.server.prompt.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.config.LlmTokenSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose {@code openai} provider is a local stand-in (streaming when asked to, JSON otherwise; 31 prompt and
 * 9 completion tokens), with the prompt function {@code haiku} and its version 1 created through the admin API.
 */
abstract class PromptLabFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> PIECES = List.of("rain ", "on the ", "tin roof");
    @TempDir
    static Path tempDir;
    static MockWebServer openai;
    static FamiliarServer server;
    static Identity identity;
    static TypedClients clients;

    @BeforeAll
    static void start() throws Exception {
        openai = new MockWebServer();
        openai.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                boolean stream = request.getBody().utf8().contains("\"stream\":true");
                if (stream) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
                            .body(LabIterationRunnerTest.sse(PIECES, 31, 9)).build();
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                                + "\"rain on the tin roof\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":31,"
                                + "\"completion_tokens\":9,\"total_tokens\":40}}").build();
            }
        });
        openai.start();
        LlmTokenSettings llm = LlmTokenSettings.defaults().withProvider(new LlmTokenSettings.Provider("openai",
                openai.url("/v1").toString(), "gpt-4o-mini", Optional.of("sk-test-lab-routes"), Duration.ofSeconds(5),
                new BigDecimal("0.002")));
        server = TestServers.start(TestServers.config(tempDir).withLlm(llm));
        identity = new Identity(server);
        clients = new TypedClients(server);
        function("haiku", "Write a {{tone}} haiku about {{topic}}.",
                "[{\"name\":\"topic\",\"type\":\"string\",\"required\":true},"
                        + "{\"name\":\"tone\",\"type\":\"string\",\"required\":false,\"default\":\"calm\"}]",
                "{\"provider\":\"openai\",\"temperature\":0.5,\"maxTokens\":100}");
    }

    /**
     * Creates the prompt function {@code name} and its version 1 through the admin API, as the ADMIN
     * ({@code parameters} and {@code settings} as JSON text; settings may be null).
     */
    static void function(String name, String template, String parameters, String settings) throws Exception {
        Map<String, String> admin = identity.admin().bearer();
        Answer created = HttpCalls.post(server.baseUrl() + "/api/admin/prompt-functions",
                "{\"name\":\"" + name + "\",\"description\":\"" + name + " for the lab's tests\"}", admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Answer version = HttpCalls.post(server.baseUrl() + "/api/admin/prompt-functions/" + name + "/versions",
                "{\"template\":" + JSON.writeValueAsString(template) + ",\"parameters\":" + parameters
                        + (settings == null ? "" : ",\"settings\":" + settings) + "}", admin);
        assertThat(version.status()).as(version.body()).isEqualTo(201);
        assertThat(version.json().path("data").path("version").asInt()).isEqualTo(1);
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        server.stop();
        openai.close();
    }

    static ObjectNode data(String topic) {
        return JSON.createObjectNode().put("topic", topic);
    }
}
