package dev.familiar.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.Identity.Org;
import dev.familiar.server.TestServers;
import dev.familiar.server.entitlement.EntitlementStore;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UC-14 over HTTP: periods roll over once, scheduled downgrades apply, counters start again. */
@Tag("storage")
class RolloverTest {
    @TempDir
    Path tempDir;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-31T09:00:00Z"));
    FamiliarServer server;
    Identity identity;
    Org org;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        org = identity.org("pro", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Answer reset(Account admin, String query) {
        return HttpCalls.post(server.baseUrl() + "/api/admin/quotas/reset" + query, "{}", admin.bearer());
    }

    private Answer consume(Org caller, String requestId, long value) {
        return HttpCalls.post(server.baseUrl() + "/api/quota/consume", "{\"orgId\":\"" + caller.orgId()
                + "\",\"value\":" + value + ",\"request_id\":\"" + requestId + "\"}", caller.bearer());
    }

    @Test
    void nothingRollsOverBeforeThePeriodEnds() {
        Answer answer = reset(identity.admin(), "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/updated").asInt()).isZero();
    }

    @Test
    void anEndedPeriodRollsOverOnceAndCountersStartAgain() {
        assertThat(consume(org, "before", 50_000).status()).isEqualTo(200);
        assertThat(consume(org, "before-2", 1).status()).isEqualTo(429);
        clock.advance(Duration.ofDays(29)); // 2026-03-01 09:00: the January 31 period ended on February 28
        Account admin = identity.admin();

        Answer first = reset(admin, "");
        Answer second = reset(admin, "");

        assertThat(first.json().at("/data/updated").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(first.json().at("/data/periodKey").asText()).isEqualTo("2026-02-28");
        assertThat(second.json().at("/data/updated").asInt()).as("a second run does nothing").isZero();
        Org current = new Org(org.orgId(), reactivate(admin, org.orgId()));
        Answer afterwards = consume(current, "after", 1);
        assertThat(afterwards.status()).isEqualTo(200);
        assertThat(afterwards.json().at("/data/used").asLong()).isEqualTo(1);
        GoldenFiles.assertMatches("metering-reset-200", second.status(), second.body());
    }

    @Test
    void aDryRunReportsWithoutWriting() throws Exception {
        clock.advance(Duration.ofDays(29));
        Account admin = identity.admin();

        Answer dry = reset(admin, "?dryRun=true");
        Answer real = reset(admin, "");

        assertThat(dry.json().at("/data/dryRun").asBoolean()).isTrue();
        assertThat(dry.json().at("/data/updated").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(real.json().at("/data/updated").asInt()).isEqualTo(dry.json().at("/data/updated").asInt());
        assertThat(reset(admin, "?dryRun=maybe").status()).isEqualTo(400);
    }

    @Test
    void aScheduledDowngradeTakesEffectAtThePeriodEnd() throws Exception {
        EntitlementStore store = new EntitlementStore(identity.dataSource());
        store.schedule(org.orgId(), Optional.of("starter"), Optional.of(Instant.parse("2026-02-28T09:00:00Z")), clock.instant());
        clock.advance(Duration.ofDays(29));
        Account admin = identity.admin();
        reset(admin, "");
        Org current = new Org(org.orgId(), reactivate(admin, org.orgId()));

        Answer entitlements = HttpCalls.get(server.baseUrl() + "/api/me/entitlements", current.bearer());

        assertThat(entitlements.json().at("/data/planCode").asText()).isEqualTo("starter");
        assertThat(entitlements.json().at("/data/includedUnits").asLong()).isEqualTo(1000);
        assertThat(entitlements.json().at("/data/used").asLong()).isZero();
        assertThat(store.find(org.orgId()).orElseThrow().scheduledPlanCode()).isEmpty();
    }

    @Test
    void usageCountsIntoTheNewPeriodEvenBeforeARolloverRuns() {
        consume(org, "jan", 49_999);
        clock.advance(Duration.ofDays(29));
        Org current = new Org(org.orgId(), reactivate(identity.admin(), org.orgId()));

        Answer answer = consume(current, "mar", 10);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/used").asLong()).isEqualTo(10);
        assertThat(answer.json().at("/data/periodKey").asText()).isEqualTo("2026-02-28");
    }

    private String reactivate(Account admin, String orgId) {
        String code = HttpCalls.post(server.baseUrl() + "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", admin.bearer()).json().at("/data/activationCode").asText();
        return HttpCalls.post(server.baseUrl() + "/api/tokens/activate", "{\"activationCode\":\"" + code + "\"}")
                .json().at("/data/accessToken").asText();
    }
}
