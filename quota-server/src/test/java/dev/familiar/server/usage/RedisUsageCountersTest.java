package dev.familiar.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.TestBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * Quota reads through Redis with the local copy (decision 0006): a check that follows a consume answered by the same
 * server sees it at once, whatever copy the checks before it left, as when every check was a GET sent after the
 * publication; the entitlements view agrees.
 */
class RedisUsageCountersTest {
    @TempDir
    Path tempDir;

    @Test
    void aCheckAfterAConsumeOnTheSameServerSeesItAtOnce() throws Exception {
        int port = TestBackend.freePort();
        RedisServer redis = TestBackend.startRedis(port);
        try (FamiliarServer server = TestServers.start(TestServers.config(tempDir).withRedis("redis://127.0.0.1:" + port))) {
            Identity.Org org = new Identity(server).org("starter", 0);
            long allowance = remaining(server, org);
            for (int i = 1; i <= 20; i++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(remaining(server, org)).as("check %d.%d", i, c).isEqualTo(allowance - (i - 1) * 7L);
                }
                Answer consumed = HttpCalls.post(server.baseUrl() + "/api/quota/consume", "{\"orgId\":\"" + org.orgId()
                        + "\",\"value\":7,\"request_id\":\"c-" + i + "\"}", org.bearer());
                assertThat(consumed.status()).isEqualTo(200);
                assertThat(remaining(server, org)).as("check right after consume %d", i).isEqualTo(allowance - i * 7L);
                assertThat(HttpCalls.get(server.baseUrl() + "/api/me/entitlements", org.bearer()).json()
                        .at("/data/used").asLong()).isEqualTo(i * 7L);
            }
        } finally {
            if (redis.isActive()) {
                redis.stop();
            }
        }
    }

    private static long remaining(FamiliarServer server, Identity.Org org) {
        Answer check = HttpCalls.post(server.baseUrl() + "/api/quota/check", "{\"orgId\":\"" + org.orgId() + "\"}",
                org.bearer());
        assertThat(check.status()).isEqualTo(200);
        return check.json().at("/data/remaining").asLong();
    }
}
