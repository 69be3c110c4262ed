package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 employees consume from one organisation quota at the same moment, several times each: the tokens granted never
 * exceed the quota and exactly fill it, on H2 and on PostgreSQL + Redis.
 */
@Tag("storage")
class OrgQuotaConcurrencyTest {
    static final int CONSUMERS = 64;
    static final int ROUNDS = 4;
    static final long QUOTA = 5_000;
    static final long TOKENS = 30; // 64 × 4 × 30 = 7,680 asked for, 5,000 available
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void sixtyFourParallelConsumersNeverOverspendTheOrgQuota() throws Exception {
        race(List.of(server));
    }

    /** The same race against two servers sharing PostgreSQL and Redis, each taking half of the consumers. */
    @Test
    @Tag("team")
    void twoServersSharingTheDatabaseNeverOverspendItEither() throws Exception {
        FamiliarServer second = TestServers.start(server.config());
        try {
            race(List.of(server, second));
        } finally {
            second.stop();
        }
    }

    private void race(List<FamiliarServer> servers) throws Exception {
        String org = HttpCalls.post(server.baseUrl() + "/api/admin/tenants", "{\"name\":\"Race\",\"planCode\":\"pro\"}",
                identity.admin().bearer()).json().at("/data/orgId").asText();
        assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/tokens/quota/org", "{\"orgId\":\"" + org
                + "\",\"provider\":\"qwen\",\"totalTokens\":" + QUOTA + "}", identity.admin().bearer()).status()).isEqualTo(200);
        // a fresh employee list per race: names must be unique in the database
        String prefix = "racer-" + servers.size() + "-";
        List<Account> employees = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            employees.add(identity.userInTenant(prefix + i, org));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int n = 0; n < employees.size(); n++) {
            Account e = employees.get(n);
            String base = servers.get(n % servers.size()).baseUrl();
            results.add(pool.submit(() -> {
                go.await();
                List<Integer> statuses = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    Answer a = HttpCalls.post(base + "/api/v1/tokens/consume", "{\"userId\":\"" + e.userId()
                            + "\",\"orgId\":\"" + org + "\",\"provider\":\"qwen\",\"tokens\":" + TOKENS + "}", e.bearer());
                    statuses.add(a.status());
                }
                return statuses;
            }));
        }
        go.countDown();
        int granted = 0;
        int refused = 0;
        for (Future<List<Integer>> f : results) {
            for (int status : f.get(120, TimeUnit.SECONDS)) {
                assertThat(status).isIn(200, 402);
                if (status == 200) {
                    granted++;
                } else {
                    refused++;
                }
            }
        }
        pool.shutdown();
        assertThat(granted * TOKENS).isLessThanOrEqualTo(QUOTA);
        assertThat(granted).isEqualTo((int) (QUOTA / TOKENS)); // 166 fit; the rest were refused, none lost
        assertThat(refused).isEqualTo(CONSUMERS * ROUNDS - granted);
        long remaining = HttpCalls.get(server.baseUrl() + "/api/v1/tokens/quota/org?orgId=" + org + "&provider=qwen",
                identity.admin().bearer()).json().path("remainingTokens").asLong();
        assertThat(remaining).isEqualTo(QUOTA - granted * TOKENS);
    }
}
