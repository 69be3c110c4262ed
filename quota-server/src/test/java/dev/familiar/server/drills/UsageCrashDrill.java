package dev.familiar.server.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.config.ConfigLoader;
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
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash drill: the real server jar ingests usage ({@code POST /api/v1/usage}) from 64 concurrent clients, each
 * retrying an event with the same {@code request_id} and payload until it gets a 2xx (connection refused or reset,
 * timeouts and 5xx are retried; anything else fails the drill), while the drill {@code kill -9}s the server five
 * times at random moments and restarts it on the same data. After a clean final stop the database is read over
 * JDBC: every acknowledged event is stored exactly once, with the amount sent and the very answer the client got,
 * nothing is stored that was not acknowledged, and each counter equals the sum of its stored events (also through
 * {@code GET /api/me/entitlements}). Once on H2 (the default file database in a data folder) and once on
 * PostgreSQL. The figures go to stdout and {@code target/drills/UsageCrashDrill-*.txt} (docs/RELIABILITY.md).
 */
@Tag("drill")
class UsageCrashDrill {
    private static final int CLIENTS = 64;
    private static final int KILLS = 5;
    /** New acknowledgements a run needs after each (re)start before the next kill is armed. */
    private static final int ACKS_BEFORE_KILL = 200;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @TempDir
    Path tempDir;

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceAcrossFiveKill9sOnH2() throws Exception {
        Path dataDir = tempDir.resolve("data");
        String url = ConfigLoader.defaultH2Url(dataDir);
        run("h2", Map.of("FAMILIAR_DATA_DIR", dataDir.toString(), "FAMILIAR_USAGE_JOURNAL", "on"), new TestBackend.DatabaseTarget(url, "sa", ""));
    }

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceAcrossFiveKill9sOnPostgres() throws Exception {
        TestBackend.DatabaseTarget db = TestBackend.newPostgresDatabase();
        run("postgres", Map.of("FAMILIAR_DATA_DIR", tempDir.resolve("data").toString(), "FAMILIAR_DB_URL", db.url(),
                "FAMILIAR_DB_USER", db.user(), "FAMILIAR_DB_PASSWORD", db.password()), db);
    }

    /** One event as a client sends it, again and again until acknowledged. */
    private record Event(String requestId, long value, String occurredAt) {
    }

    /** The answer that acknowledged an event, and whether it took more than one attempt. */
    private record Ack(Event event, String body, boolean retried, boolean replayed) {
    }

    private void run(String backend, Map<String, String> storageEnv, TestBackend.DatabaseTarget db) throws Exception {
        long seed = Long.getLong("familiar.drill.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> env = new HashMap<>(storageEnv);
        env.putAll(DrillTenant.adminEnv());
        DrillHttp http = new DrillHttp();
        long started = System.nanoTime();
        long deadline = started + DEADLINE.toNanos();
        try (ServerProcess server = ServerProcess.start("usage-crash-" + backend, TestBackend.freePort(), env)) {
            String base = server.baseUrl();
            String admin = DrillTenant.adminToken(http, base);
            DrillTenant org = DrillTenant.create(http, base, admin, "enterprise");

            Map<String, Ack> acks = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong connectionFailures = new AtomicLong();
            AtomicLong serverErrors = new AtomicLong();
            AtomicLong attempts = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                Random own = new Random(seed + 31L * (i + 1));
                Thread t = new Thread(() -> {
                    long sequence = 0;
                    while (!stop.get() && failures.isEmpty()) {
                        Event event = new Event("drill-" + client + "-" + sequence++, 1 + own.nextInt(5),
                                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("orgId", org.orgId());
                        body.put("metric", "api_call");
                        body.put("value", event.value());
                        body.put("occurredAt", event.occurredAt());
                        body.put("request_id", event.requestId());
                        boolean retried = false;
                        long backoff = 50;
                        // Delivered even after the stop: a client never leaves an event it sent unacknowledged.
                        while (failures.isEmpty()) {
                            if (System.nanoTime() > deadline) {
                                failures.add(event.requestId() + " not acknowledged before the deadline");
                                return;
                            }
                            attempts.incrementAndGet();
                            try {
                                DrillHttp.Answer answer = http.post(base + "/api/v1/usage", body, org.token());
                                if (answer.ok()) {
                                    String firstRequestId = answer.json().at("/meta/requestId").asText();
                                    acks.put(event.requestId(), new Ack(event, answer.body(), retried,
                                            !firstRequestId.equals(answer.requestId())));
                                    break;
                                }
                                if (answer.status() < 500) {
                                    failures.add(event.requestId() + " answered " + answer.status() + ": " + answer.body());
                                    return;
                                }
                                serverErrors.incrementAndGet();
                            } catch (IOException e) {
                                connectionFailures.incrementAndGet(); // refused while down, reset by the kill
                            }
                            retried = true;
                            // Backs off like a polite client (50 ms doubling to 800 ms, jittered) so 64 clients do
                            // not starve the restarting server of CPU.
                            ServerProcess.sleep(backoff / 2 + own.nextInt((int) backoff));
                            backoff = Math.min(800, backoff * 2);
                        }
                    }
                }, "drill-client-" + i);
                t.start();
                clients.add(t);
            }

            List<Long> killedAfterMillis = new ArrayList<>();
            List<Long> restartMillis = new ArrayList<>();
            for (int kill = 0; kill < KILLS && failures.isEmpty(); kill++) {
                int before = acks.size();
                while (acks.size() < before + ACKS_BEFORE_KILL && failures.isEmpty() && System.nanoTime() < deadline) {
                    ServerProcess.sleep(10);
                }
                long upSince = System.nanoTime();
                ServerProcess.sleep(200 + random.nextInt(1800)); // a random moment of a busy server
                killedAfterMillis.add(Duration.ofNanos(System.nanoTime() - upSince).toMillis());
                server.kill9();
                long down = System.nanoTime();
                server.start();
                restartMillis.add(Duration.ofNanos(System.nanoTime() - down).toMillis());
            }
            ServerProcess.sleep(500 + random.nextInt(1000));
            stop.set(true);
            for (Thread t : clients) {
                t.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()) + 5_000);
            }
            assertThat(clients).as("clients finished").noneMatch(Thread::isAlive);
            assertThat(failures).as("answers that were neither 2xx nor retryable (seed %d)", seed).isEmpty();

            long ackedUnits = acks.values().stream().mapToLong(a -> a.event().value()).sum();
            JsonNode view = http.getOk(base + "/api/me/entitlements", org.token());
            long apiUsed = view.at("/data/used").asLong();
            // The last answers may be journaled but not yet in the database (embedded mode writes it behind): kill
            // once more, so what is read below is what a restart makes of it (the journal replayed), then SIGTERM so
            // the files are closed before JDBC opens them.
            server.kill9();
            server.start();
            server.stop();
            boolean journaled = storageEnv.containsKey("FAMILIAR_DATA_DIR")
                    && java.nio.file.Files.isDirectory(java.nio.file.Path.of(storageEnv.get("FAMILIAR_DATA_DIR"))
                            .resolve("familiar.usage-journal"));
            Stored stored = read(db, org.orgId());

            Set<String> lost = new HashSet<>(acks.keySet());
            lost.removeAll(stored.events.keySet());
            Set<String> unacknowledged = new HashSet<>(stored.events.keySet());
            unacknowledged.removeAll(acks.keySet());
            List<String> changed = new ArrayList<>();
            for (Ack ack : acks.values()) {
                StoredEvent s = stored.events.get(ack.event().requestId());
                if (s != null && (s.amount != ack.event().value() || !s.body.equals(ack.body()))) {
                    changed.add(ack.event().requestId() + ": stored " + s.amount + " " + s.body + ", acknowledged "
                            + ack.event().value() + " " + ack.body());
                }
            }
            long storedUnits = stored.events.values().stream().mapToLong(StoredEvent::amount).sum();
            Map<String, Long> eventSums = new TreeMap<>();
            stored.events.values().forEach(e -> eventSums.merge(e.periodKey, e.amount, Long::sum));

            new Drills.Figures("UsageCrashDrill-" + backend)
                    .put("seed", seed)
                    .put("clients", CLIENTS)
                    .put("kills", server.starts() - 1)
                    .put("usageJournal", journaled)
                    .put("killedAfterMs", killedAfterMillis)
                    .put("restartMs", restartMillis)
                    .put("attempts", attempts.get())
                    .put("eventsAcknowledged", acks.size())
                    .put("eventsStored", stored.events.size())
                    .put("duplicates", stored.duplicates)
                    .put("lost", lost.size())
                    .put("storedNotAcknowledged", unacknowledged.size())
                    .put("retriedEvents", acks.values().stream().filter(Ack::retried).count())
                    .put("answersLostThenReplayed", acks.values().stream().filter(Ack::replayed).count())
                    .put("connectionFailures", connectionFailures.get())
                    .put("serverErrors5xx", serverErrors.get())
                    .put("unitsAcknowledged", ackedUnits)
                    .put("unitsStored", storedUnits)
                    .put("counters", stored.counters)
                    .put("apiUsed", apiUsed)
                    .put("durationS", Duration.ofNanos(System.nanoTime() - started).toSeconds())
                    .report();

            assertThat(server.starts() - 1).as("kills").isEqualTo(KILLS + 1);
            assertThat(journaled).as("the embedded server journals usage").isEqualTo(backend.equals("h2"));
            assertThat(lost).as("acknowledged events missing from the database").isEmpty();
            assertThat(stored.duplicates).as("request ids stored more than once").isZero();
            assertThat(unacknowledged).as("stored events no client was told about (clients retry until acknowledged)")
                    .isEmpty();
            assertThat(changed).as("stored events that differ from what their client sent or was answered").isEmpty();
            assertThat(stored.counters).as("each counter equals the sum of its period's stored events")
                    .isEqualTo(eventSums);
            assertThat(storedUnits).isEqualTo(ackedUnits);
            assertThat(apiUsed).as("GET /api/me/entitlements used").isEqualTo(ackedUnits);
            assertThat(acks).as("events acknowledged").hasSizeGreaterThan(KILLS * ACKS_BEFORE_KILL);
        } finally {
            http.close();
        }
    }

    private record StoredEvent(long amount, String periodKey, String body) {
    }

    private record Stored(Map<String, StoredEvent> events, long duplicates, Map<String, Long> counters) {
    }

    private static Stored read(TestBackend.DatabaseTarget db, String orgId) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            Map<String, StoredEvent> events = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT request_id, amount, period_key, response_body "
                    + "FROM usage_event WHERE tenant_id = ? AND metric = 'api_call'")) {
                ps.setString(1, orgId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.put(rs.getString(1), new StoredEvent(rs.getLong(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            long duplicates;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT request_id FROM usage_event "
                    + "WHERE tenant_id = ? GROUP BY request_id HAVING COUNT(*) > 1) d")) {
                ps.setString(1, orgId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    duplicates = rs.getLong(1);
                }
            }
            Map<String, Long> counters = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT period_key, used FROM usage_counter WHERE tenant_id = ? AND metric = 'api_call'")) {
                ps.setString(1, orgId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counters.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return new Stored(events, duplicates, counters);
        }
    }
}
