package dev.familiar.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Org;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 threads hammer one organisation's usage and consume routes, retrying request ids, against one server (H2, then
 * PostgreSQL + Redis); {@link TeamModeConcurrencyTest} does the same against two servers sharing PostgreSQL + Redis. The final
 * counter must equal the sum of the distinct accepted events, and consume must never pass the allowance.
 */
@Tag("storage")
class MeteringConcurrencyTest {
    private static final int THREADS = 32;
    private static final int REQUESTS_PER_THREAD = 40;

    @TempDir
    Path tempDir;

    @Test
    void oneServerCountsEveryDistinctEventOnceAndNeverOversells() throws Exception {
        try (FamiliarServer server = TestServers.start(tempDir)) {
            hammer(List.of(server), new Identity(server));
        }
    }

    static void hammer(List<FamiliarServer> servers, Identity identity) throws Exception {
        Org org = identity.org("starter", 0); // 1,000 units
        ConcurrentHashMap<String, Long> acceptedUsage = new ConcurrentHashMap<>();
        ConcurrentHashMap<String, Long> grantedConsume = new ConcurrentHashMap<>();
        AtomicLong denied = new AtomicLong();
        AtomicLong highestGrantedUsed = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    String base = servers.get(random.nextInt(servers.size())).baseUrl();
                    // ids repeat across threads on purpose: every id is sent by two threads (a retry race)
                    int id = (thread / 2) * REQUESTS_PER_THREAD + i;
                    long value = 1 + (id % 3);
                    if (id % 2 == 0) {
                        Answer a = HttpCalls.post(base + "/api/v1/usage", "{\"orgId\":\"" + org.orgId()
                                + "\",\"metric\":\"api_call\",\"value\":" + value + ",\"occurredAt\":\""
                                + java.time.Instant.now() + "\",\"request_id\":\"u-" + id + "\"}", org.bearer());
                        if (a.status() == 200) {
                            acceptedUsage.put("u-" + id, value);
                        } else if (a.status() != 409) { // the same id with another occurredAt is a conflict
                            throw new AssertionError("usage " + a.status() + " " + a.body());
                        }
                    } else {
                        Answer a = HttpCalls.post(base + "/api/quota/consume", "{\"orgId\":\"" + org.orgId()
                                + "\",\"value\":" + value + ",\"request_id\":\"c-" + id + "\"}", org.bearer());
                        if (a.status() == 200) {
                            grantedConsume.put("c-" + id, value);
                            highestGrantedUsed.accumulateAndGet(a.json().at("/data/used").asLong(), Math::max);
                        } else if (a.status() == 429) {
                            denied.incrementAndGet();
                        } else {
                            throw new AssertionError("consume " + a.status() + " " + a.body());
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        long usageSum = acceptedUsage.values().stream().mapToLong(Long::longValue).sum();
        long consumeSum = grantedConsume.values().stream().mapToLong(Long::longValue).sum();
        long used = HttpCalls.get(servers.get(0).baseUrl() + "/api/me/entitlements", org.bearer()).json()
                .at("/data/used").asLong();
        assertThat(used).as("counter = distinct accepted usage + granted consumes").isEqualTo(usageSum + consumeSum);
        assertThat(storedEvents(identity, org.orgId())).isEqualTo(acceptedUsage.size() + grantedConsume.size());
        assertThat(acceptedUsage).isNotEmpty();
        assertThat(grantedConsume).isNotEmpty();
        assertThat(denied.get()).as("the allowance was reached, so some consumes were refused").isPositive();
        assertThat(highestGrantedUsed.get()).as("no consume was granted past the allowance").isLessThanOrEqualTo(1000);
    }

    private static long storedEvents(Identity identity, String orgId) throws Exception {
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM usage_event WHERE tenant_id = ?")) {
            ps.setString(1, orgId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
