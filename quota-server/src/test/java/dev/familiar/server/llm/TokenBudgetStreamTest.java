package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A seeded stream of 1,000 consumes (random users, budgets, prompt and answer lengths; honest, inflated, absurd and
 * zero counts) against the local OpenAI-compatible server of {@link TokenBudgetFixture}: no user is ever above their
 * quota, and a refused consume never reaches the provider. H2 only (20-30 s on a shared 2-core machine; too slow for the storage run).
 */
class TokenBudgetStreamTest extends TokenBudgetFixture {
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
