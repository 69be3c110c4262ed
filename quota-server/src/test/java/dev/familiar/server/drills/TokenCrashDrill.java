package dev.familiar.server.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.config.ConfigLoader;
import dev.familiar.server.testing.TestBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM tokens crash drill (issue 17): the real server jar on its default embedded H2, where reservations are
 * decided in memory and journalled ({@code llm.quota.QuotaBook}). 16 clients consume 10 tokens per request from one
 * user's quota while the drill {@code kill -9}s the server three times at random moments and restarts it on the same
 * data. Afterwards the quota must hold at least every answered reservation (nothing answered is lost: the journal
 * was replayed) and at most those plus the requests that were in flight at a kill (never answered, so they may or
 * may not have been decided).
 */
@Tag("drill")
class TokenCrashDrill {
    private static final int CLIENTS = 16;
    private static final int KILLS = 3;
    private static final long TOKENS = 10;

    @TempDir
    Path tempDir;

    @Test
    void everyAnsweredReservationSurvivesKill9OnH2() throws Exception {
        long seed = Long.getLong("familiar.drill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dataDir = tempDir.resolve("data");
        Map<String, String> env = new HashMap<>(Map.of("FAMILIAR_DATA_DIR", dataDir.toString(),
                "FAMILIAR_RATE_LIMIT_CAPACITY", "100000000", "FAMILIAR_RATE_LIMIT_LEAK_PER_SECOND", "100000000"));
        env.putAll(DrillTenant.adminEnv());
        assertThat(ConfigLoader.defaultH2Url(dataDir)).startsWith("jdbc:h2:file:");
        DrillHttp http = new DrillHttp();
        try (ServerProcess server = ServerProcess.start("token-crash-h2", TestBackend.freePort(), env)) {
            String base = server.baseUrl();
            String admin = DrillTenant.adminToken(http, base);
            String name = "drill" + UUID.randomUUID().toString().substring(0, 8);
            JsonNode user = http.postOk(base + "/api/v1/auth/register", Map.of("username", name,
                    "email", name + "@drill.example.com", "password", "drill-password-123"), null);
            String userId = user.path("userId").asText();
            String bearer = user.path("token").asText();
            http.postOk(base + "/api/v1/tokens/tier", Map.of("userId", userId, "tier", "ENTERPRISE"), admin);

            AtomicLong answered = new AtomicLong();
            AtomicLong unanswered = new AtomicLong(); // sent, no answer (the kill): may or may not have been decided
            AtomicLong refused = new AtomicLong(); // never reached a server: decided nothing
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                Thread t = new Thread(() -> {
                    long n = 0;
                    while (!stop.get() && failures.isEmpty()) {
                        Map<String, Object> body = Map.of("userId", userId, "provider", "openai", "tokens", TOKENS,
                                "prompt", "drill " + client + " " + n++);
                        try {
                            DrillHttp.Answer a = http.post(base + "/api/v1/tokens/consume", body, bearer);
                            if (a.ok()) {
                                answered.incrementAndGet();
                            } else if (a.status() >= 500) {
                                unanswered.incrementAndGet(); // not an answer we count
                                ServerProcess.sleep(20);
                            } else {
                                failures.add(a.status() + " " + a.body());
                            }
                        } catch (java.net.ConnectException e) {
                            refused.incrementAndGet(); // the server is down
                            ServerProcess.sleep(20);
                        } catch (IOException e) {
                            unanswered.incrementAndGet(); // cut by the kill
                            ServerProcess.sleep(20);
                        }
                    }
                }, "drill-token-client-" + i);
                clients.add(t);
                t.start();
            }
            for (int kill = 0; kill < KILLS && failures.isEmpty(); kill++) {
                long before = answered.get();
                while (answered.get() < before + 300 && failures.isEmpty()) {
                    ServerProcess.sleep(10);
                }
                ServerProcess.sleep(100 + random.nextInt(900));
                server.kill9();
                server.start();
            }
            long before = answered.get();
            while (answered.get() < before + 100 && failures.isEmpty()) {
                ServerProcess.sleep(10);
            }
            stop.set(true);
            for (Thread t : clients) {
                t.join(60_000);
            }
            assertThat(failures).as("unexpected answers (seed %d)", seed).isEmpty();

            JsonNode quota = http.get(base + "/api/v1/tokens/quota?userId=" + userId + "&provider=openai", bearer).json();
            long used = quota.path("totalTokens").asLong() - quota.path("remainingTokens").asLong();
            long replays = java.nio.file.Files.readAllLines(Drills.outputDir().resolve("token-crash-h2.log")).stream()
                    .filter(line -> line.contains("replayed into the quotas")).count();
            System.out.printf("TokenCrashDrill: seed %d, %d kills, %d answered, %d unanswered, %d refused, %d requests' "
                    + "worth used, %d start(s) replayed the journal%n", seed, server.starts() - 1, answered.get(),
                    unanswered.get(), refused.get(), used / TOKENS, replays);
            assertThat(server.starts() - 1).isEqualTo(KILLS);
            assertThat(replays).as("a kill under load leaves journalled reservations to replay").isPositive();
            assertThat(used / TOKENS).as("every answered reservation is in the quota (seed %d)", seed)
                    .isGreaterThanOrEqualTo(answered.get());
            assertThat(used / TOKENS).as("nothing beyond the answered and the in-flight ones (seed %d)", seed)
                    .isLessThanOrEqualTo(answered.get() + unanswered.get());
        }
    }
}
