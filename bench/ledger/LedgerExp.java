package dev.familiar.server.usage;

import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.db.Database;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;

/** In-process A/B of the two ledgers on H2: 32 submitters, unique ids, one counter. */
public class LedgerExp {
    public static void main(String[] a) throws Exception {
        String which = a[0];
        int seconds = Integer.parseInt(a[1]);
        Path dir = Files.createTempDirectory("ledger-exp");
        String url = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        try (Database db = Database.open(new ServerConfig("127.0.0.1", 0, dir, url, "sa", "", Optional.empty(),
                ServerConfig.DEFAULT_TENANT_HEADER, Optional.empty(), Optional.empty()))) {
            UsageLedger ledger = which.equals("journal")
                    ? JournaledUsageLedger.open(db.dataSource(), Clock.systemUTC(), (k, v) -> { }, Path.of(dir + "/db.usage-journal"), Boolean.getBoolean("fsync"))
                    : new DatabaseUsageLedger(db.dataSource(), Clock.systemUTC(), (k, v) -> { });
            CounterKey key = new CounterKey(UUID.randomUUID().toString(), "api_call", "2026-11-01");
            String body = "{\"ok\":true,\"data\":{\"allowed\":true,\"remaining\":999999,\"used\":1,\"periodKey\":\"2026-11-01\"},\"meta\":{\"requestId\":\"" + UUID.randomUUID() + "\"}}";
            AtomicLong done = new AtomicLong();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            long warmEnd = System.nanoTime() + 5_000_000_000L;
            long end = warmEnd + seconds * 1_000_000_000L;
            long[] mark = new long[3];
            for (int t = 0; t < 32; t++) {
                int thread = t;
                pool.submit(() -> {
                    long i = 0;
                    while (System.nanoTime() < end) {
                        ledger.submit(new UsageCommand(UsageCommand.Kind.CONSUME, key, "exp-" + thread + "-" + i++, 1, Long.MAX_VALUE / 2,
                                Instant.now(), "h", (u, l) -> new StoredResponse(200, body))).get();
                        done.incrementAndGet();
                    }
                    return null;
                });
            }
            Thread.sleep(5_000);
            long n0 = done.get(), c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            pool.shutdown();
            pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
            long n1 = done.get(), c1 = os.getProcessCpuTime(), t1 = System.nanoTime();
            long n = n1 - n0;
            String backlog = ledger instanceof JournaledUsageLedger j ? " backlog at end " + j.backlog() + ", peak " + j.peakBacklog() : "";
            System.out.printf("%s: %.0f events/s, %.1f CPU us/event (all threads)%s%n", which, n / ((t1 - t0) / 1e9), (c1 - c0) / 1e3 / n, backlog);
            long closeStart = System.nanoTime();
            ledger.close();
            System.out.printf("  close (drain) %.0f ms%n", (System.nanoTime() - closeStart) / 1e6);
        }
    }
}
