package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.testing.CapturedLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The reservation is a budget for prompt + completion (issue 12, items 1 and 2), against a local OpenAI-compatible
 * server that answers real chat-completions JSON. Unless a test says otherwise it counts honestly, with the same
 * encoding as gpt-4o-mini ({@code o200k_base}) and OpenAI's chat framing (7 tokens for one user message).
 */
@Tag("storage")
class TokenBudgetTest extends TokenBudgetFixture {
    @Test
    void aPromptThatAloneSpendsTheBudgetIsRefusedBeforeAnyCall() throws Exception {
        honest();
        Account user = identity.register("budget-long-prompt");
        String prompt = words(new Random(1), 1000); // ~1,000 tokens on a 50-token consume
        assertThat(promptTokens(prompt)).isGreaterThan(50);
        int calls = openai.getRequestCount();

        Answer refused = consume(user, 50, prompt);

        assertThat(refused.status()).as(refused.body()).isEqualTo(402);
        assertThat(refused.json().path("message").asText()).isEqualTo("insufficient token quota");
        assertThat(openai.getRequestCount()).isEqualTo(calls);
        assertThat(used(user)).isZero();
    }

    @Test
    void aPromptLargerThanWhatIsLeftOfTheQuotaIsRefusedBeforeAnyCall() throws Exception {
        honest();
        Account user = identity.register("budget-quota-left");
        claim = (prompt, cap, completion) -> prompt + cap; // the whole budget spent
        assertThat(consume(user, 950, "hi").status()).isEqualTo(200);
        honest();
        long left = 1000 - used(user);
        String prompt = words(new Random(2), 60);
        assertThat(left).isEqualTo(50);
        assertThat(promptTokens(prompt)).isGreaterThan(left).isLessThan(400);
        int calls = openai.getRequestCount();

        Answer refused = consume(user, 400, prompt);

        assertThat(refused.status()).as(refused.body()).isEqualTo(402);
        assertThat(openai.getRequestCount()).isEqualTo(calls);
        assertThat(1000 - used(user)).isEqualTo(left);
    }

    @Test
    void theCompletionCapSentIsTheBudgetLeftAfterThePrompt() throws Exception {
        honest();
        Account user = identity.register("budget-cap");
        String prompt = "Name a red dragon for the campaign in the north, and give it a riddle.";
        int before = openai.getRequestCount();

        assertThat(consume(user, 300, prompt).status()).isEqualTo(200);

        assertThat(openai.getRequestCount()).isEqualTo(before + 1);
        JsonNode body = JSON.readTree(lastBody);
        assertThat(body.path("max_completion_tokens").asLong()).isEqualTo(300 - promptTokens(prompt));
        assertThat(body.has("max_tokens")).isFalse();
    }

    @Test
    void aSaneCountSettlesTheQuotaToTheProvidersCount() throws Exception {
        honest();
        Account user = identity.register("budget-sane");
        String prompt = "A short riddle, please.";

        assertThat(consume(user, 200, prompt).status()).isEqualTo(200);

        assertThat(used(user)).isEqualTo(promptTokens(prompt) + O200K.countTokensOrdinary("Ember the Red"));
    }

    @Test
    void aCountAboveTheReservationIsChargedOnlyUpToWhatTheQuotaHasLeft() throws Exception {
        honest();
        Account user = identity.register("budget-excess");
        assertThat(consume(user, 900, "hi").status()).isEqualTo(200);
        long usedBefore = used(user);
        claim = (prompt, cap, completion) -> prompt + cap + 150; // sane (< 2 x budget), above the reservation

        assertThat(consume(user, 100, "hi").status()).isEqualTo(200);

        long[] row = quotaRow(user);
        assertThat(row[1]).isEqualTo(Math.min(1000, usedBefore + 250)).isLessThanOrEqualTo(row[0]);
    }

    @Test
    void anAbsurdCountIsSettledByOurOwnCountAndFlagged() throws Exception {
        honest();
        Account user = identity.register("budget-absurd");
        claim = (prompt, cap, completion) -> 20_807_080;
        String prompt = "hi";
        try (CapturedLog log = new CapturedLog()) {
            assertThat(consume(user, 20, prompt).status()).isEqualTo(200);

            assertThat(used(user)).isEqualTo(promptTokens(prompt) + O200K.countTokensOrdinary("Ember the Red"));
            assertThat(log.text()).contains("20807080").doesNotContain("sk-test-budget-key").doesNotContain("Ember");
        }
        assertThat(audited(user)).anySatisfy(a -> assertThat(a).startsWith("llm.tokens.recounted provider=openai reported=20807080"));
    }

    @Test
    void aZeroCountForAnAnswerWithTextIsSettledByOurOwnCount() throws Exception {
        honest();
        Account user = identity.register("budget-zero");
        claim = (prompt, cap, completion) -> 0;
        String prompt = "Tell me about the castle of ash.";

        assertThat(consume(user, 100, prompt).status()).isEqualTo(200);

        assertThat(used(user)).isEqualTo(promptTokens(prompt) + O200K.countTokensOrdinary("Ember the Red"));
    }

    static List<String> audited(Account who) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT action, target FROM audit_log WHERE actor = ?")) {
            ps.setString(1, who.userId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return rows;
    }
}
