package dev.familiar.server.llm.analytics;

import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.ALLOWED;
import static dev.familiar.server.llm.analytics.UsageEvent.Outcome.RATE_LIMITED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events older than the retention are purged, newer ones kept. The job here keeps 10 days, so the server's own job
 * (90 days) never touches these rows.
 */
@Tag("storage")
class UsageRetentionJobTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path tempDir;
    MutableClock clock = new MutableClock(NOW);
    FamiliarServer server;
    DataSource dataSource;
    UsageRows rows;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        dataSource = new Identity(server).dataSource();
        rows = new UsageRows(dataSource);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void eventsOlderThanTheRetentionArePurgedAndNewerOnesKept() throws Exception {
        String user = "00000000-0000-4000-8000-000000000001";
        String tenant = "00000000-0000-4000-8000-0000000000ff";
        Instant cutoff = NOW.minus(Duration.ofDays(10));
        rows.add(user, tenant, "openai", 1, ALLOWED, NOW.minus(Duration.ofDays(40)));
        rows.add(user, tenant, "qwen", 2, RATE_LIMITED, cutoff.minusSeconds(1));
        rows.add(user, tenant, "openai", 3, ALLOWED, cutoff);
        rows.add(user, tenant, "openai", 4, ALLOWED, NOW.minus(Duration.ofDays(1)));
        rows.add(user, tenant, "openai", 5, ALLOWED, NOW);

        try (UsageRetentionJob job = new UsageRetentionJob(dataSource, Duration.ofDays(10), clock)) {
            assertThat(job.purgeOnce()).isEqualTo(2);
            assertThat(rows.count()).isEqualTo(3);
            assertThat(job.purgeOnce()).as("nothing more is old enough").isZero();

            clock.advance(Duration.ofSeconds(1)); // the event at the old cutoff is now past it
            assertThat(job.purgeOnce()).isEqualTo(1);
            assertThat(rows.count()).isEqualTo(2);
        }
    }

    @Test
    void purgedEventsLeaveTheAuditTrail() throws Exception {
        Account user = new Identity(server).register("retention-user");
        rows.add(user.userId(), user.tenantId(), "openai", 7, ALLOWED, NOW.minus(Duration.ofDays(11)));
        rows.add(user.userId(), user.tenantId(), "openai", 8, ALLOWED, NOW.minus(Duration.ofDays(9)));

        try (UsageRetentionJob job = new UsageRetentionJob(dataSource, Duration.ofDays(10), clock)) {
            job.purgeOnce();
        }

        var entries = HttpCalls.get(server.baseUrl() + "/api/v1/analytics/usage", user.bearer()).json().path("items");
        assertThat(entries.size()).isEqualTo(1);
        assertThat(entries.get(0).path("tokens").asLong()).isEqualTo(8);
    }
}
