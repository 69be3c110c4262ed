package dev.familiar.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Org;
import dev.familiar.server.TestServers;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.entitlement.EntitlementStore;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UC-02, UC-03, UC-04, UC-05 and consume over HTTP, with a clock the tests step. */
@Tag("storage")
class MeteringRoutesTest {
    @TempDir
    Path tempDir;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
    FamiliarServer server;
    Identity identity;
    Org org;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        org = identity.org("starter", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Answer usage(Org caller, String requestId, long value) {
        return usage(caller, requestId, value, clock.instant().toString(), "api_call");
    }

    private Answer usage(Org caller, String requestId, long value, String occurredAt, String metric) {
        return HttpCalls.post(server.baseUrl() + "/api/v1/usage", "{\"orgId\":\"" + caller.orgId() + "\",\"metric\":\""
                + metric + "\",\"value\":" + value + ",\"occurredAt\":\"" + occurredAt + "\",\"request_id\":\"" + requestId
                + "\"}", caller.bearer());
    }

    private Answer check(Org caller) {
        return HttpCalls.post(server.baseUrl() + "/api/quota/check", "{\"orgId\":\"" + caller.orgId() + "\",\"metric\":\"api_call\"}",
                caller.bearer());
    }

    private Answer consume(Org caller, String requestId, long value) {
        return HttpCalls.post(server.baseUrl() + "/api/quota/consume", "{\"orgId\":\"" + caller.orgId()
                + "\",\"value\":" + value + ",\"request_id\":\"" + requestId + "\"}", caller.bearer());
    }

    @Test
    void aNewOrganisationSeesItsPlanAndAnEmptyCounter() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/me/entitlements", org.bearer());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.json().path("data");
        assertThat(data.path("planCode").asText()).isEqualTo("starter");
        assertThat(data.path("includedUnits").asLong()).isEqualTo(1000);
        assertThat(data.path("used").asLong()).isZero();
        assertThat(data.path("remaining").asLong()).isEqualTo(1000);
        assertThat(data.path("periodKey").asText()).isEqualTo("2026-03-10");
        GoldenFiles.assertMatches("metering-entitlements-200", answer.status(), answer.body());
    }

    @Test
    void usageIsCountedAndAnsweredWithThePeriodCounter() {
        Answer first = usage(org, "req-1", 40);
        Answer second = usage(org, "req-2", 2);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.json().at("/data/used").asLong()).isEqualTo(42);
        assertThat(second.json().at("/data/remaining").asLong()).isEqualTo(958);
        assertThat(second.json().at("/data/overage").asLong()).isZero();
        assertThat(second.json().at("/data/periodKey").asText()).isEqualTo("2026-03-10");
        GoldenFiles.assertMatches("metering-usage-200", first.status(), first.body());
        assertThat(HttpCalls.get(server.baseUrl() + "/api/me/entitlements", org.bearer()).json().at("/data/used").asLong())
                .isEqualTo(42);
    }

    @Test
    void aRetryGetsTheFirstAnswerByteForByteAndCountsNothing() {
        Answer first = usage(org, "req-retry", 5);
        usage(org, "req-other", 1);

        Answer retry = usage(org, "req-retry", 5);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(HttpCalls.get(server.baseUrl() + "/api/me/entitlements", org.bearer()).json().at("/data/used").asLong())
                .isEqualTo(6);
    }

    @Test
    void theSameRequestIdWithAnotherPayloadIs409() {
        usage(org, "req-conflict", 5);

        Answer conflict = usage(org, "req-conflict", 6);

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().at("/error/code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        GoldenFiles.assertMatches("metering-usage-409", conflict.status(), conflict.body());
    }

    @Test
    void usagePastTheAllowanceIsRecordedWithOverage() {
        usage(org, "big", 990);

        Answer over = usage(org, "over", 25);

        assertThat(over.status()).isEqualTo(200);
        assertThat(over.json().at("/data/used").asLong()).isEqualTo(1015);
        assertThat(over.json().at("/data/remaining").asLong()).isZero();
        assertThat(over.json().at("/data/overage").asLong()).isEqualTo(15);
    }

    @Test
    void invalidUsageIs400NamingEachField() {
        Answer bad = HttpCalls.post(server.baseUrl() + "/api/v1/usage", "{\"orgId\":\"x\",\"metric\":\"API CALL\",\"value\":0,"
                + "\"occurredAt\":\"yesterday\",\"request_id\":\"" + "r".repeat(256) + "\"}", org.bearer());

        assertThat(bad.status()).isEqualTo(400);
        JsonNode fields = bad.json().at("/error/details/fields");
        assertThat(fields.path("orgId").asText()).isEqualTo("must be a UUID");
        assertThat(fields.has("metric")).isTrue();
        assertThat(fields.path("value").asText()).contains("between 1 and");
        assertThat(fields.path("occurredAt").asText()).contains("ISO-8601");
        assertThat(fields.path("request_id").asText()).contains("1-255");
        GoldenFiles.assertMatches("metering-usage-400", bad.status(), bad.body());
    }

    @Test
    void occurredAtMustBeRecentAndNotAheadAndTheMetricKnown() {
        assertThat(usage(org, "old", 1, clock.instant().minus(Duration.ofDays(36)).toString(), "api_call")
                .json().at("/error/details/fields/occurredAt").asText()).contains("35 days");
        assertThat(usage(org, "ahead", 1, clock.instant().plus(Duration.ofMinutes(6)).toString(), "api_call")
                .json().at("/error/details/fields/occurredAt").asText()).contains("5 minutes");
        assertThat(usage(org, "metric", 1, clock.instant().toString(), "gpu_seconds")
                .json().at("/error/details/fields/metric").asText()).contains("not metered");
        assertThat(usage(org, "huge", 1_000_001, clock.instant().toString(), "api_call").status()).isEqualTo(400);
    }

    @Test
    void anotherOrganisationsIdIs403() {
        Org other = identity.org("starter", 0);

        Answer answer = HttpCalls.post(server.baseUrl() + "/api/v1/usage", "{\"orgId\":\"" + other.orgId()
                + "\",\"metric\":\"api_call\",\"value\":1,\"occurredAt\":\"" + clock.instant() + "\",\"request_id\":\"x\"}",
                org.bearer());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(check(other).status()).isEqualTo(200);
    }

    @Test
    void aCheckAllowsWithTheRemainingUnitsAndNeverCounts() {
        usage(org, "some", 100);

        Answer first = check(org);
        Answer second = check(org);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().at("/data/allow").asBoolean()).isTrue();
        assertThat(first.json().at("/data/remaining").asLong()).isEqualTo(900);
        assertThat(second.json().at("/data/remaining").asLong()).isEqualTo(900);
        GoldenFiles.assertMatches("metering-check-200", first.status(), first.body());
    }

    @Test
    void anExhaustedQuotaIs429WithRetryAfterUntilTheNextPeriod() {
        usage(org, "all", 1000);

        Answer denied = HttpCalls.post(server.baseUrl() + "/api/quota/check", "{\"orgId\":\"" + org.orgId() + "\"}",
                Map.of("Authorization", "Bearer " + org.token(), "x-correlation-id", "corr-denied"));

        assertThat(denied.status()).isEqualTo(429);
        assertThat(denied.json().at("/error/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(denied.json().at("/error/message").asText()).isEqualTo("Quota exceeded");
        assertThat(denied.json().at("/error/details/allow").asBoolean()).isFalse();
        assertThat(denied.json().at("/error/details/remaining").asLong()).isZero();
        long untilNextPeriod = Duration.between(clock.instant(), Instant.parse("2026-04-10T12:00:00Z")).toSeconds();
        assertThat(denied.header("Retry-After")).isEqualTo(Long.toString(untilNextPeriod));
        assertThat(denied.header("x-correlation-id")).isEqualTo("corr-denied");
        assertThat(denied.json().at("/meta/correlationId").asText()).isEqualTo("corr-denied");
        GoldenFiles.assertMatches("metering-check-429", denied.status(), denied.body());
    }

    @Test
    void anEndedTrialIs402PaymentRequired() {
        Org trial = identity.org("pro", 14);
        assertThat(check(trial).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(15)); // the plugin's 15-minute token expired too: activate again

        Answer denied = HttpCalls.post(server.baseUrl() + "/api/quota/check", "{\"orgId\":\"" + trial.orgId() + "\"}",
                tokenFor(trial.orgId()));
        assertThat(denied.status()).isEqualTo(402);
        assertThat(denied.json().at("/error/code").asText()).isEqualTo("PAYMENT_REQUIRED");
        assertThat(denied.header("Retry-After")).isNull();
        GoldenFiles.assertMatches("metering-check-402", denied.status(), denied.body());
    }

    @Test
    void pausedAndCanceledOrganisationsAre402() throws Exception {
        EntitlementStore store = new EntitlementStore(identity.dataSource());
        store.updateStatus(org.orgId(), EntitlementStatus.PAUSED, Optional.empty(), clock.instant());
        clock.advance(Duration.ofSeconds(2)); // changes made behind the server's back show within a second
        assertThat(check(org).status()).isEqualTo(402);
        assertThat(consume(org, "paused", 1).status()).isEqualTo(402);

        store.updateStatus(org.orgId(), EntitlementStatus.CANCELED, Optional.empty(), clock.instant());
        clock.advance(Duration.ofSeconds(2));
        assertThat(check(org).status()).isEqualTo(402);
        store.updateStatus(org.orgId(), EntitlementStatus.PAST_DUE, Optional.empty(), clock.instant());
        clock.advance(Duration.ofSeconds(2));
        assertThat(check(org).status()).as("past due is a grace period").isEqualTo(200);
    }

    @Test
    void aRetryOfAGrantedConsumeGetsItsAnswerEvenAfterTheSubscriptionStopped() throws Exception {
        Answer granted = consume(org, "before-pause", 5);
        new EntitlementStore(identity.dataSource()).updateStatus(org.orgId(), EntitlementStatus.PAUSED, Optional.empty(),
                clock.instant());
        clock.advance(Duration.ofSeconds(2));

        assertThat(consume(org, "before-pause", 5).body()).isEqualTo(granted.body());
        assertThat(consume(org, "after-pause", 5).status()).isEqualTo(402);
    }

    @Test
    void consumeGrantsUntilTheAllowanceAndThenDeniesWithoutCounting() {
        Answer granted = consume(org, "c1", 600);
        Answer tooMuch = consume(org, "c2", 401);
        Answer exact = consume(org, "c3", 400);

        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().at("/data/remaining").asLong()).isEqualTo(400);
        assertThat(tooMuch.status()).isEqualTo(429);
        assertThat(tooMuch.header("Retry-After")).isNotBlank();
        assertThat(exact.status()).isEqualTo(200);
        assertThat(exact.json().at("/data/remaining").asLong()).isZero();
        assertThat(consume(org, "c1", 600).body()).as("replay").isEqualTo(granted.body());
        GoldenFiles.assertMatches("metering-consume-200", granted.status(), granted.body());
    }

    private Map<String, String> tokenFor(String orgId) {
        Identity.Account admin = identity.admin();
        String code = HttpCalls.post(server.baseUrl() + "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", admin.bearer()).json().at("/data/activationCode").asText();
        String token = HttpCalls.post(server.baseUrl() + "/api/tokens/activate", "{\"activationCode\":\"" + code + "\"}")
                .json().at("/data/accessToken").asText();
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + token);
        return headers;
    }
}
