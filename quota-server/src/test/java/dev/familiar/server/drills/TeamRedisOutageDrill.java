package dev.familiar.server.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.testing.TestBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * The team drill: two processes of the real server jar share one PostgreSQL database and one Redis (a Redis of
 * the drill's own, so it can stop it); 64 clients consume one organisation's quota of 10,000 units, one unit per
 * {@code POST /api/quota/consume}, through both servers (a retry goes to the other server with the same
 * {@code request_id}). Redis is stopped when a quarter of the quota is admitted and started again (empty, as a
 * Redis without persistence comes back) once 60 % is admitted and at least 4 s have passed. The run ends when the
 * quota is exhausted (429) or after a bounded number of attempts. Admitted (2xx) must be at most 10,000, at least
 * 9,900, and exactly what the database recorded; no answer may be a 5xx; once Redis is back, both servers must be
 * ready (UP) again under write-only traffic and refuse further consumes. Figures: stdout and
 * {@code target/drills/TeamRedisOutageDrill.txt} (docs/RELIABILITY.md).
 */
@Tag("drill")
class TeamRedisOutageDrill {
    private static final int CLIENTS = 64;
    private static final long QUOTA = 10_000;
    private static final long MAX_ATTEMPTS = 60_000;
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final Duration MIN_OUTAGE = Duration.ofSeconds(4);
    private static final String PLAN = "drill-team-10k";

    @TempDir
    Path tempDir;

    @Test
    void twoServersNeverOversellOneQuotaWhileTheirRedisIsStoppedAndStartedAgain() throws Exception {
        TestBackend.DatabaseTarget db = TestBackend.newPostgresDatabase();
        int redisPort = TestBackend.freePort();
        RedisServer redis = TestBackend.startRedis(redisPort);
        DrillHttp http = new DrillHttp();
        long started = System.nanoTime();
        long deadline = started + DEADLINE.toNanos();
        ServerProcess[] servers = new ServerProcess[2];
        try {
            for (int i = 0; i < servers.length; i++) {
                Map<String, String> env = new HashMap<>(DrillTenant.adminEnv());
                env.put("FAMILIAR_DATA_DIR", tempDir.resolve("data-" + i).toString());
                env.put("FAMILIAR_DB_URL", db.url());
                env.put("FAMILIAR_DB_USER", db.user());
                env.put("FAMILIAR_DB_PASSWORD", db.password());
                env.put("FAMILIAR_REDIS_URL", "redis://127.0.0.1:" + redisPort);
                servers[i] = ServerProcess.start("team-redis-" + (char) ('a' + i), TestBackend.freePort(), env);
            }
            String[] bases = {servers[0].baseUrl(), servers[1].baseUrl()};
            String admin = DrillTenant.adminToken(http, bases[0]);
            DrillTenant.putPlan(http, bases[0], admin, PLAN, QUOTA);
            DrillTenant org = DrillTenant.create(http, bases[1], admin, PLAN);
            DrillTenant other = DrillTenant.create(http, bases[0], admin, "enterprise"); // recovery traffic only

            Set<String> admitted = ConcurrentHashMap.newKeySet();
            AtomicLongArray admittedBy = new AtomicLongArray(2);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean exhausted = new AtomicBoolean();
            AtomicLong attempts = new AtomicLong();
            AtomicLong denials = new AtomicLong();
            AtomicLong serverErrors = new AtomicLong();
            AtomicLong connectionFailures = new AtomicLong();
            AtomicBoolean redisDown = new AtomicBoolean();
            AtomicLong admittedWhileRedisDown = new AtomicLong();
            AtomicLong serverErrorsWhileRedisDown = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                Thread t = new Thread(() -> {
                    long sequence = 0;
                    while (!exhausted.get() && failures.isEmpty() && attempts.get() < MAX_ATTEMPTS
                            && System.nanoTime() < deadline) {
                        String requestId = "team-" + client + "-" + sequence;
                        int target = (int) ((client + sequence++) % 2);
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("orgId", org.orgId());
                        body.put("metric", "api_call");
                        body.put("value", 1);
                        body.put("request_id", requestId);
                        while (failures.isEmpty() && System.nanoTime() < deadline) {
                            attempts.incrementAndGet();
                            try {
                                DrillHttp.Answer answer = http.post(bases[target] + "/api/quota/consume", body, org.token());
                                if (answer.ok()) {
                                    admitted.add(requestId);
                                    admittedBy.incrementAndGet(target);
                                    if (redisDown.get()) {
                                        admittedWhileRedisDown.incrementAndGet();
                                    }
                                    break;
                                }
                                if (answer.status() == 429
                                        && "RATE_LIMITED".equals(answer.json().at("/error/code").asText())) {
                                    denials.incrementAndGet();
                                    exhausted.set(true);
                                    break;
                                }
                                if (answer.status() < 500) {
                                    failures.add(requestId + " answered " + answer.status() + ": " + answer.body());
                                    return;
                                }
                                serverErrors.incrementAndGet();
                                if (redisDown.get()) {
                                    serverErrorsWhileRedisDown.incrementAndGet();
                                }
                            } catch (IOException e) {
                                connectionFailures.incrementAndGet();
                            }
                            target = 1 - target; // the same request id, now through the other server
                            ServerProcess.sleep(50);
                        }
                    }
                }, "drill-client-" + i);
                t.start();
                clients.add(t);
            }

            awaitAdmitted(admitted, QUOTA / 4, exhausted, clients, deadline);
            redis.stop();
            redisDown.set(true);
            long downAt = System.nanoTime();
            long admittedAtStop = admitted.size();
            Map<String, String> readinessWhileDown = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                readinessWhileDown.put(servers[i].name(), readiness(http, bases[i]));
            }
            awaitAdmitted(admitted, QUOTA * 6 / 10, exhausted, clients, deadline);
            while (System.nanoTime() - downAt < MIN_OUTAGE.toNanos() && !exhausted.get()) {
                ServerProcess.sleep(10); // longer than the servers' 2 s Redis timeout, however fast the run
            }
            redis = TestBackend.startRedis(redisPort);
            redisDown.set(false);
            long upAt = System.nanoTime();
            long redisDownMillis = Duration.ofNanos(upAt - downAt).toMillis();
            long admittedAtRestart = admitted.size();
            // How long after Redis is back both servers say UP, under the drill's own traffic.
            AtomicLong upAgainMillis = new AtomicLong(-1);
            Thread monitor = new Thread(() -> {
                while (System.nanoTime() - upAt < Duration.ofSeconds(30).toNanos()) {
                    try {
                        if (readiness(http, bases[0]).startsWith("UP") && readiness(http, bases[1]).startsWith("UP")) {
                            upAgainMillis.set(Duration.ofNanos(System.nanoTime() - upAt).toMillis());
                            return;
                        }
                    } catch (IOException | RuntimeException e) {
                        // a probe that fails is just not UP yet
                    }
                    ServerProcess.sleep(200);
                }
            }, "drill-readiness-monitor");
            monitor.start();
            for (Thread t : clients) {
                t.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()) + 5_000);
            }
            assertThat(clients).as("clients finished").noneMatch(Thread::isAlive);
            assertThat(failures).as("answers that were neither 2xx, 429 nor retryable").isEmpty();
            monitor.join(Duration.ofSeconds(35).toMillis());

            // Recovery: with write-only traffic (usage events of another organisation, never a quota read) both
            // servers say UP again; then a quota check through Redis refuses more.
            Map<String, String> readinessAfter = new LinkedHashMap<>();
            Map<String, Integer> checkAfter = new LinkedHashMap<>();
            long recoveryStart = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                String status = "";
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                for (int n = 0; System.nanoTime() < until; n++) {
                    Map<String, Object> usage = new LinkedHashMap<>();
                    usage.put("orgId", other.orgId());
                    usage.put("metric", "api_call");
                    usage.put("value", 1);
                    usage.put("occurredAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                    usage.put("request_id", "recovery-" + i + "-" + n);
                    http.post(bases[i] + "/api/v1/usage", usage, other.token());
                    status = readiness(http, bases[i]);
                    if (status.startsWith("UP")) {
                        break;
                    }
                    ServerProcess.sleep(100);
                }
                readinessAfter.put(servers[i].name(), status);
                checkAfter.put(servers[i].name(),
                        http.post(bases[i] + "/api/quota/check", Map.of("orgId", org.orgId()), org.token()).status());
            }
            long recoveryMillis = Duration.ofNanos(System.nanoTime() - recoveryStart).toMillis();
            JsonNode[] views = new JsonNode[2];
            for (int i = 0; i < 2; i++) {
                views[i] = http.getOk(bases[i] + "/api/me/entitlements", org.token()).path("data");
            }
            for (ServerProcess server : servers) {
                server.stop();
            }
            Recorded recorded = read(db, org.orgId());
            Set<String> notRecorded = new HashSet<>(admitted);
            notRecorded.removeAll(recorded.requestIds);
            Set<String> recordedNotAdmitted = new HashSet<>(recorded.requestIds);
            recordedNotAdmitted.removeAll(admitted);

            new Drills.Figures("TeamRedisOutageDrill")
                    .put("servers", 2)
                    .put("clients", CLIENTS)
                    .put("quota", QUOTA)
                    .put("attempts", attempts.get())
                    .put("admitted", admitted.size())
                    .put("admittedByServer", "[" + admittedBy.get(0) + ", " + admittedBy.get(1) + "]")
                    .put("recordedCounter", recorded.counter)
                    .put("recordedEvents", recorded.requestIds.size())
                    .put("recordedUnits", recorded.units)
                    .put("denials429", denials.get())
                    .put("serverErrors5xx", serverErrors.get())
                    .put("connectionFailures", connectionFailures.get())
                    .put("redisStoppedAtAdmitted", admittedAtStop)
                    .put("redisStartedAtAdmitted", admittedAtRestart)
                    .put("redisDownMs", redisDownMillis)
                    .put("admittedWhileRedisDown", admittedWhileRedisDown.get())
                    .put("readinessWhileRedisDown", readinessWhileDown)
                    .put("bothUpAfterRedisStartMs", upAgainMillis.get())
                    .put("readinessAfter", readinessAfter)
                    .put("recoveryCheckMs", recoveryMillis)
                    .put("quotaCheckAfter", checkAfter)
                    .put("durationS", Duration.ofNanos(System.nanoTime() - started).toSeconds())
                    .report();

            assertThat((long) admitted.size()).as("admitted").isLessThanOrEqualTo(QUOTA).isGreaterThanOrEqualTo(9_900);
            assertThat(recorded.counter).as("the counter in the database").isEqualTo(admitted.size());
            assertThat(recorded.units).as("units of the recorded events").isEqualTo(admitted.size());
            assertThat(notRecorded).as("admitted but not recorded").isEmpty();
            assertThat(recordedNotAdmitted).as("recorded but never admitted to a client").isEmpty();
            assertThat(serverErrors.get()).as("5xx answers (the database serves while Redis is down)").isZero();
            assertThat(readinessWhileDown.values()).as("both servers saw the outage")
                    .allMatch(s -> s.startsWith("DEGRADED redis=DOWN"));
            assertThat(admittedWhileRedisDown.get()).as("consumes admitted while Redis was down").isPositive();
            assertThat(readinessAfter.values()).as("readiness once Redis is back").allMatch(s -> s.startsWith("UP"));
            assertThat(checkAfter.values()).as("a quota check after exhaustion").allMatch(s -> s == 429);
            for (JsonNode view : views) {
                assertThat(view.path("used").asLong()).as("GET /api/me/entitlements used").isEqualTo(admitted.size());
            }
        } finally {
            for (ServerProcess server : servers) {
                if (server != null) {
                    server.close();
                }
            }
            if (redis.isActive()) {
                redis.stop();
            }
            http.close();
        }
    }

    private static void awaitAdmitted(Set<String> admitted, long target, AtomicBoolean exhausted, List<Thread> clients,
                                      long deadline) {
        while (admitted.size() < target && !exhausted.get() && System.nanoTime() < deadline
                && clients.stream().anyMatch(Thread::isAlive)) {
            ServerProcess.sleep(5);
        }
    }

    /** {@code STATUS} of {@code /health/ready} plus its Redis and counter checks, e.g. {@code DEGRADED redis=DOWN counters=redis-degraded}. */
    private static String readiness(DrillHttp http, String base) throws IOException {
        DrillHttp.Answer answer = http.get(base + "/health/ready", null);
        JsonNode body = answer.json();
        return body.path("status").asText() + " redis=" + body.at("/checks/redis/status").asText() + " counters="
                + body.at("/checks/quotaCounters/detail").asText();
    }

    private record Recorded(long counter, Set<String> requestIds, long units) {
    }

    private static Recorded read(TestBackend.DatabaseTarget db, String orgId) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            long counter = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(used), 0) FROM usage_counter WHERE tenant_id = ? AND metric = 'api_call'")) {
                ps.setString(1, orgId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    counter = rs.getLong(1);
                }
            }
            Set<String> ids = new HashSet<>();
            long units = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT request_id, amount FROM usage_event WHERE tenant_id = ? AND metric = 'api_call'")) {
                ps.setString(1, orgId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        units += rs.getLong(2);
                    }
                }
            }
            return new Recorded(counter, ids, units);
        }
    }
}
