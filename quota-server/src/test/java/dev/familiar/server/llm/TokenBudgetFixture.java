package dev.familiar.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.LlmTokenSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the token-budget tests share: a local OpenAI-compatible server that answers real chat-completions JSON and,
 * unless a test says otherwise, counts honestly with gpt-4o-mini's encoding ({@code o200k_base}) and OpenAI's chat
 * framing (7 tokens for one user message); a server whose {@code openai} provider is that stand-in; and calls and
 * quota reads for the tests. Each subclass gets a server of its own (JUnit runs the static set-up per class).
 */
abstract class TokenBudgetFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    @TempDir
    static Path tempDir;
    static MockWebServer openai;
    static FamiliarServer server;
    static Identity identity;

    /** How the stand-in answers one request: given the prompt's honest count and the cap, the usage it claims. */
    interface Claim {
        long total(long promptTokens, long cap, long completionTokens);
    }

    static volatile Claim claim = (prompt, cap, completion) -> prompt + completion;
    static volatile String reply = "Ember the Red";
    static volatile String lastBody = "";

    @BeforeAll
    static void start() throws Exception {
        openai = new MockWebServer();
        openai.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answerFor(request);
            }
        });
        openai.start();
        LlmTokenSettings llm = LlmTokenSettings.defaults().withBucket(100_000_000, 100_000_000)
                .withProvider(new LlmTokenSettings.Provider("openai", openai.url("/v1").toString(), "gpt-4o-mini",
                        Optional.of("sk-test-budget-key"), Duration.ofSeconds(5), new BigDecimal("0.002")));
        server = TestServers.start(TestServers.config(tempDir).withLlm(llm));
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        openai.close();
    }

    static long promptTokens(String prompt) {
        return O200K.countTokensOrdinary(prompt) + 7;
    }

    static MockResponse answerFor(RecordedRequest request) {
        try {
            lastBody = request.getBody().utf8();
            JsonNode body = JSON.readTree(lastBody);
            long cap = body.path("max_completion_tokens").asLong();
            long prompt = promptTokens(body.at("/messages/0/content").asText());
            String text = reply;
            long completion = O200K.countTokensOrdinary(text);
            long total = claim.total(prompt, cap, completion);
            String json = JSON.writeValueAsString(JSON.createObjectNode()
                    .put("id", "chatcmpl-" + request.getExchangeIndex()).put("object", "chat.completion")
                    .put("model", "gpt-4o-mini-2024-07-18"));
            JsonNode root = JSON.readTree(json);
            ((com.fasterxml.jackson.databind.node.ObjectNode) root).putArray("choices").addObject().put("index", 0)
                    .put("finish_reason", "stop").putObject("message").put("role", "assistant").put("content", text);
            ((com.fasterxml.jackson.databind.node.ObjectNode) root).putObject("usage").put("prompt_tokens", prompt)
                    .put("completion_tokens", completion).put("total_tokens", total);
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                    .body(JSON.writeValueAsString(root)).build();
        } catch (IOException e) {
            return new MockResponse.Builder().code(500).build();
        }
    }

    static Answer consume(Account who, long tokens, String prompt) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/tokens/consume", JSON.createObjectNode()
                .put("userId", who.userId()).put("provider", "openai").put("tokens", tokens).put("prompt", prompt)
                .toString(), who.bearer());
    }

    /** {total, used} of the user's openai quota row. */
    static long[] quotaRow(Account who) throws SQLException {
        // the quota route applies what an embedded server has decided in memory (QuotaBook) to the rows first
        HttpCalls.get(server.baseUrl() + "/api/v1/tokens/quota?userId=" + who.userId() + "&provider=openai", who.bearer());
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT total_tokens, used_tokens FROM token_quota "
                     + "WHERE owner_kind = 'USER' AND owner_id = ? AND provider = 'openai'")) {
            ps.setString(1, who.userId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[] {1000, 0};
            }
        }
    }

    static long used(Account who) throws SQLException {
        return quotaRow(who)[1];
    }

    static String words(Random random, int count) {
        String[] pool = {"dragon", "ember", "the", "castle", "of", "ash", "riddle", "ünïcødé", "龍", "🐉", "42", "north"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : " ").append(pool[random.nextInt(pool.length)]);
        }
        return b.toString();
    }

    static void honest() {
        claim = (prompt, cap, completion) -> prompt + completion;
        reply = "Ember the Red";
    }
}
