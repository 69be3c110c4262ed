package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded stream of 1,000 consumes (random users, budgets, prompt and answer lengths; honest, inflated, absurd and
 * zero counts) against the local OpenAI-compatible server of {@link TokenBudgetTest}: no user is ever above their
 * quota, and a refused consume never reaches the provider. H2 only (20-30 s on a shared 2-core machine; too slow for the storage run).
 */
class TokenBudgetStreamTest {
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

    @Test
    void aThousandRandomConsumesNeverLeaveAUserAboveTheirQuota() throws Exception {
        Random random = new Random(20261129L);
        List<Account> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(identity.register("budget-random-" + i));
        }
        AtomicInteger inflated = new AtomicInteger();
        int allowed = 0;
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            Account user = users.get(random.nextInt(users.size()));
            long tokens = 1 + random.nextInt(150);
            String prompt = words(random, random.nextInt(60));
            int kind = random.nextInt(4);
            long extra = random.nextInt(300);
            reply = words(random, random.nextInt(40));
            claim = switch (kind) {
                case 0 -> (prompt1, cap, completion) -> prompt1 + completion;           // honest
                case 1 -> (prompt1, cap, completion) -> prompt1 + completion + extra;   // inflated, maybe still sane
                case 2 -> (prompt1, cap, completion) -> 20_807_080;                     // absurd
                default -> (prompt1, cap, completion) -> 0;                             // nothing, for a text
            };
            if (kind != 0) {
                inflated.incrementAndGet();
            }
            int calls = openai.getRequestCount();
            Answer answer = consume(user, tokens, prompt);
            assertThat(answer.status()).as("consume %d: %s", i, answer.body()).isIn(200, 402);
            if (answer.status() == 200) {
                allowed++;
            } else {
                refused++;
                assertThat(openai.getRequestCount()).as("a refused consume calls nobody").isEqualTo(calls);
            }
            long[] row = quotaRow(user);
            assertThat(row[1]).as("consume %d: used of %s", i, user.username()).isBetween(0L, row[0]);
        }
        assertThat(allowed).isGreaterThan(100);
        assertThat(refused).isGreaterThan(100);
        assertThat(inflated.get()).isGreaterThan(100);
    }
}
