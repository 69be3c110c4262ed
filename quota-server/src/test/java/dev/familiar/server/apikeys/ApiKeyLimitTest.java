package dev.familiar.server.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cap of active API keys per user (FAMILIAR_API_KEYS_PER_USER), here 3, including under a race. */
@Tag("storage")
class ApiKeyLimitTest {
    static final int LIMIT = 3;

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static MutableClock clock;

    @BeforeAll
    static void start() {
        clock = MutableClock.startingNow();
        var config = TestServers.config(tempDir);
        server = TestServers.start(config.withTokens(config.tokens().withApiKeysPerUser(LIMIT)), clock);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static Answer create(Account caller, String body) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys", body, caller.bearer());
    }

    private static Answer create(Account owner) {
        return create(owner, "{\"userId\":\"" + owner.userId() + "\",\"name\":\"k\"}");
    }

    @Test
    void aUserAtTheLimitGets409InThePlainShapeUntilAKeyIsRevoked() {
        Account dev = identity.register("limit-revoke");
        List<JsonNode> keys = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            Answer created = create(dev);
            assertThat(created.status()).isEqualTo(201);
            keys.add(created.json());
        }

        Answer refused = create(dev);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("message").asText()).contains("3 active API keys").doesNotContain("famk_");
        assertThat(refused.json().has("ok")).isFalse();
        GoldenFiles.assertMatches("auth-api-key-create-409-limit", refused.status(), refused.body());
        Answer revoked = HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/v1/auth/api-keys?userId="
                + dev.userId() + "&apiKeyId=" + keys.get(0).path("id").asText())
                .headers(okhttp3.Headers.of(dev.bearer())).delete().build());
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(create(dev).status()).as("a revoked key frees its slot").isEqualTo(201);
        assertThat(create(dev).status()).isEqualTo(409);
    }

    @Test
    void anExpiredKeyNoLongerCounts() {
        Account dev = identity.register("limit-expiry");
        String soon = clock.instant().plus(Duration.ofMinutes(1)).toString();
        assertThat(create(dev, "{\"userId\":\"" + dev.userId() + "\",\"name\":\"short\",\"expiresAt\":\"" + soon + "\"}")
                .status()).isEqualTo(201);
        for (int i = 1; i < LIMIT; i++) {
            assertThat(create(dev).status()).isEqualTo(201);
        }
        assertThat(create(dev).status()).isEqualTo(409);

        clock.advance(Duration.ofMinutes(2));

        assertThat(create(dev).status()).as("the expired key's slot is free").isEqualTo(201);
        assertThat(create(dev).status()).isEqualTo(409);
    }

    @Test
    void concurrentCreationsNeverExceedTheLimit() throws Exception {
        Account dev = identity.register("limit-race");
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return create(dev).status();
                }));
            }
            go.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                assertThat(status).isIn(201, 409);
                if (status == 201) {
                    created++;
                } else {
                    refused++;
                }
            }
            assertThat(created).isEqualTo(LIMIT);
            assertThat(refused).isEqualTo(threads - LIMIT);
        } finally {
            pool.shutdownNow();
        }
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM api_key WHERE user_id = ?")) {
            ps.setString(1, dev.userId());
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("keys stored").isEqualTo(LIMIT);
            }
        }
    }

    @Test
    void serviceKeysCountTowardsTheirOwnersLimit() throws Exception {
        Account owner = identity.register("limit-service-owner");
        Account admin = identity.admin();
        for (int i = 0; i < LIMIT; i++) {
            assertThat(create(admin, "{\"userId\":\"" + owner.userId() + "\",\"name\":\"svc\",\"role\":\"SERVICE\"}")
                    .status()).isEqualTo(201);
        }

        assertThat(create(owner).status()).isEqualTo(409);
    }
}
