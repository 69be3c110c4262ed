package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.PlainErrors;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code 002} document's flows as written, on a real server with dry-run (echo) providers and a frozen clock (no
 * bucket leaks unless the test moves time): the free tier's 402 with an upgrade URL, a purchase with an
 * Idempotency-Key that lets the user consume again, an organisation quota shared by two employees, and a tenant's
 * own rate limit.
 */
@Tag("storage")
class TokenFlowsTest {
    static final String ACME = "tenant-acme";
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(Instant.parse("2026-02-05T15:00:00Z"));
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir).withLlm(LlmTokenSettings.defaults()
                .withTenantLimit(ACME, new LlmTokenSettings.TenantLimit(500, Duration.ofSeconds(60)))), clock);
        identity = new Identity(server);
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)")) {
            ps.setString(1, ACME);
            ps.setString(2, "Acme");
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.executeUpdate();
        }
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String url(String path) {
        return server.baseUrl() + path;
    }

    static Answer consume(Account who, String userId, String orgId, long tokens) {
        return HttpCalls.post(url("/api/v1/tokens/consume"), "{\"userId\":\"" + userId + "\","
                + (orgId == null ? "" : "\"orgId\":\"" + orgId + "\",") + "\"provider\":\"openai\",\"tokens\":" + tokens
                + ",\"prompt\":\"Name a dragon\"}", who.bearer());
    }

    static Answer setTier(String userId, String tier) {
        return HttpCalls.post(url("/api/v1/tokens/tier"), "{\"userId\":\"" + userId + "\",\"tier\":\"" + tier + "\"}",
                identity.admin().bearer());
    }

    @Test
    void aConsumeWithinQuotaAnswersTheBucketAndTheProvidersReply() {
        Account dev = identity.register("flow-dev");
        Answer ok = consume(dev, dev.userId(), null, 50);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        JsonNode body = ok.json();
        assertThat(body.path("allowed").asBoolean()).isTrue();
        assertThat(body.path("capacity").asLong()).isEqualTo(1000);
        assertThat(body.path("used").asLong()).isEqualTo(50);
        assertThat(body.path("remaining").asLong()).isEqualTo(950);
        assertThat(body.path("waitSeconds").asLong()).isZero();
        assertThat(body.path("providerResponse").path("provider").asText()).isEqualTo("openai");
        assertThat(body.path("providerResponse").path("message").asText()).contains("dry-run").contains("Name a dragon");
        assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo("950");

        JsonNode quota = HttpCalls.get(url("/api/v1/tokens/quota?userId=" + dev.userId() + "&provider=openai"),
                dev.bearer()).json();
        assertThat(quota.path("totalTokens").asLong()).isEqualTo(1000); // BRONZE, the default tier
        assertThat(quota.path("remainingTokens").asLong()).isEqualTo(950);
        assertThat(Instant.parse(quota.path("resetTime").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(HttpCalls.get(url("/api/v1/tokens/quota?userId=" + dev.userId() + "&provider=qwen"), dev.bearer())
                .status()).isEqualTo(404);
    }

    @Test
    void tokensBoughtForAnOrganisationWithoutAQuotaAreSpendableByItsMembers() throws Exception {
        String org = HttpCalls.post(url("/api/admin/tenants"), "{\"name\":\"Buyers\",\"planCode\":\"pro\"}",
                identity.admin().bearer()).json().at("/data/orgId").asText();
        Account buyer = identity.userInTenant("org-buyer", org);
        Account colleague = identity.userInTenant("org-colleague", org);
        Answer before = consume(buyer, buyer.userId(), org, 100);
        assertThat(before.status()).as("no org quota and nothing bought yet").isEqualTo(402);

        Map<String, String> headers = new HashMap<>(buyer.bearer());
        headers.put("Idempotency-Key", "org-purchase-001");
        Answer started = HttpCalls.post(url("/api/v1/tokens/purchase"), "{\"userId\":\"" + buyer.userId()
                + "\",\"orgId\":\"" + org + "\",\"provider\":\"openai\",\"tokens\":1000}", headers);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String sagaId = started.json().path("sagaId").asText();
        eventually("the organisation's purchase completes", () -> HttpCalls.get(url("/api/v1/tokens/purchase/" + sagaId),
                buyer.bearer()).json().path("status").asText().equals("COMPLETED"));

        Answer spent = consume(buyer, buyer.userId(), org, 600);
        assertThat(spent.status()).as(spent.body()).isEqualTo(200);
        assertThat(spent.json().path("allowed").asBoolean()).isTrue();
        assertThat(consume(colleague, colleague.userId(), org, 400).status()).as("shared by the organisation").isEqualTo(200);
        Answer exhausted = consume(colleague, colleague.userId(), org, 1);
        assertThat(exhausted.status()).as("the window allowance is 0: only the 1,000 bought").isEqualTo(402);
        assertThat(orgBalance(org)).isZero();
        assertThat(HttpCalls.get(url("/api/v1/tokens/quota/org?orgId=" + org + "&provider=openai"), buyer.bearer())
                .status()).as("spending a balance creates no quota row").isEqualTo(404);
    }

    /** The organisation's purchased balance as stored. */
    static long orgBalance(String orgId) throws Exception {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT balance FROM token_balance WHERE owner_kind = 'ORG' "
                     + "AND owner_id = ? AND provider = 'openai'")) {
            ps.setString(1, orgId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a balance row").isTrue();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void theFreeTierHits402WithAnUpgradeUrlAndPurchasedTokensLetTheUserGoOn() {
        Account dev = identity.register("flow-free");
        assertThat(setTier(dev.userId(), "FREE").json().path("quotaTokens").asLong()).isEqualTo(100);
        Answer over = consume(dev, dev.userId(), null, 150);
        assertThat(over.status()).as(over.body()).isEqualTo(402);
        assertThat(over.json().path("message").asText()).isEqualTo("insufficient token quota");
        assertThat(over.json().path("upgradeUrl").asText()).startsWith("https://");
        assertThat(over.json().has("timestamp")).isTrue();
        assertThat(over.header("X-RateLimit-Limit")).isEqualTo("500"); // FREE halves the bucket

        String body = "{\"userId\":\"" + dev.userId() + "\",\"provider\":\"openai\",\"tokens\":5000}";
        Map<String, String> headers = new HashMap<>(dev.bearer());
        headers.put("Idempotency-Key", "purchase-001");
        Answer started = HttpCalls.post(url("/api/v1/tokens/purchase"), body, headers);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String sagaId = started.json().path("sagaId").asText();
        assertThat(started.json().path("status").asText()).isEqualTo("STARTED");
        Answer again = HttpCalls.post(url("/api/v1/tokens/purchase"), body, headers);
        assertThat(again.json().path("sagaId").asText()).isEqualTo(sagaId);
        Answer otherPayload = HttpCalls.post(url("/api/v1/tokens/purchase"), body.replace("5000", "6000"), headers);
        assertThat(otherPayload.status()).isEqualTo(409);

        eventually("the purchase completes", () -> HttpCalls.get(url("/api/v1/tokens/purchase/" + sagaId), dev.bearer())
                .json().path("status").asText().equals("COMPLETED"));
        JsonNode saga = HttpCalls.get(url("/api/v1/tokens/purchase/" + sagaId), dev.bearer()).json();
        assertThat(saga.path("amount").asLong()).isEqualTo(1000); // 5000 × $0.002 = $10.00
        assertThat(saga.path("currency").asText()).isEqualTo("usd");
        Account stranger = identity.register("flow-stranger");
        assertThat(HttpCalls.get(url("/api/v1/tokens/purchase/" + sagaId), stranger.bearer()).status()).isEqualTo(404);

        Answer resumed = consume(dev, dev.userId(), null, 150);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        JsonNode quota = HttpCalls.get(url("/api/v1/tokens/quota?userId=" + dev.userId() + "&provider=openai"),
                dev.bearer()).json();
        assertThat(quota.path("tier").asText()).isEqualTo("FREE");
        // the day's allowance (100) is spent first, the other 50 come from the purchased balance
        assertThat(quota.path("purchasedTokens").asLong()).isEqualTo(4950);
        assertThat(quota.path("remainingTokens").asLong()).isEqualTo(4950);
    }

    @Test
    void anOrganisationQuotaIsSharedByItsEmployees() throws Exception {
        String org = HttpCalls.post(url("/api/admin/tenants"), "{\"name\":\"Engineering\",\"planCode\":\"pro\"}",
                identity.admin().bearer()).json().at("/data/orgId").asText();
        Answer put = HttpCalls.post(url("/api/v1/tokens/quota/org"), "{\"orgId\":\"" + org
                + "\",\"provider\":\"openai\",\"totalTokens\":1000}", identity.admin().bearer());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("orgId").asText()).isEqualTo(org);
        Account ada = identity.userInTenant("eng-ada", org);
        Account bob = identity.userInTenant("eng-bob", org);
        assertThat(consume(ada, ada.userId(), org, 600).status()).isEqualTo(200);
        Answer bobOver = consume(bob, bob.userId(), org, 500);
        assertThat(bobOver.status()).isEqualTo(402);
        assertThat(bobOver.json().has("upgradeUrl")).isFalse();
        assertThat(consume(bob, bob.userId(), org, 400).status()).isEqualTo(200);
        JsonNode quota = HttpCalls.get(url("/api/v1/tokens/quota/org?orgId=" + org + "&provider=openai"), bob.bearer()).json();
        assertThat(quota.path("remainingTokens").asLong()).isZero();
        assertThat(Instant.parse(quota.path("resetTime").asText())).isEqualTo(Instant.parse("2026-03-05T15:00:00Z"));
        // each employee's own quota was not touched
        assertThat(HttpCalls.get(url("/api/v1/tokens/quota?userId=" + ada.userId() + "&provider=openai"), ada.bearer())
                .status()).isEqualTo(404);
        Account outsider = identity.register("eng-outsider");
        assertThat(consume(outsider, outsider.userId(), org, 1).status()).isEqualTo(403);
        assertThat(HttpCalls.get(url("/api/v1/tokens/quota/org?orgId=" + org + "&provider=openai"), outsider.bearer())
                .status()).isEqualTo(403);
    }

    @Test
    void aTenantsOwnRateLimitAppliesToItsUsersWithRetryAfter() throws Exception {
        Account acme = identity.userInTenant("acme-user", ACME);
        setTier(acme.userId(), "GOLD");
        Answer first = consume(acme, acme.userId(), null, 400);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("500");
        Answer limited = consume(acme, acme.userId(), null, 200);
        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        JsonNode body = limited.json();
        assertThat(body.path("allowed").asBoolean()).isFalse();
        assertThat(body.path("capacity").asLong()).isEqualTo(500);
        assertThat(body.path("used").asLong()).isEqualTo(400);
        assertThat(body.path("remaining").asLong()).isEqualTo(100);
        assertThat(body.path("waitSeconds").asLong()).isEqualTo(12); // 100 over at 500/60 per second
        assertThat(body.path("providerResponse").isObject()).isTrue();
        assertThat(body.path("providerResponse").size()).isZero();
        assertThat(limited.header("Retry-After")).isEqualTo("12");
        clock.advance(Duration.ofSeconds(12));
        assertThat(consume(acme, acme.userId(), null, 200).status()).isEqualTo(200);
    }

    @Test
    void badInputIs400AndOthersDataIs403() {
        Account dev = identity.register("flow-input");
        Answer noTokens = HttpCalls.post(url("/api/v1/tokens/consume"), "{\"userId\":\"" + dev.userId()
                + "\",\"provider\":\"openai\",\"tokens\":10001}", dev.bearer());
        assertThat(noTokens.status()).isEqualTo(400);
        assertThat(PlainErrors.byField(noTokens).has("tokens")).isTrue();
        assertThat(noTokens.json().has("message")).isTrue();
        Answer badProvider = HttpCalls.post(url("/api/v1/tokens/consume"), "{\"userId\":\"" + dev.userId()
                + "\",\"provider\":\"claude\",\"tokens\":1}", dev.bearer());
        assertThat(PlainErrors.byField(badProvider).has("provider")).isTrue();
        Account other = identity.register("flow-other");
        assertThat(consume(dev, other.userId(), null, 1).status()).isEqualTo(403);
        assertThat(HttpCalls.get(url("/api/v1/tokens/quota?userId=" + other.userId() + "&provider=openai"), dev.bearer())
                .status()).isEqualTo(403);
        Answer status = HttpCalls.get(url("/api/v1/tokens/status"));
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("status").asText()).isEqualTo("ok");
        assertThat(status.json().has("version")).isTrue();
    }

    @Test
    void everyAttemptAllowedOrNotIsPublished() throws Exception {
        Account dev = identity.register("flow-events");
        setTier(dev.userId(), "FREE");
        consume(dev, dev.userId(), null, 50);   // allowed
        consume(dev, dev.userId(), null, 60);   // no quota (100 per day)
        consume(dev, dev.userId(), null, 460);  // rate limited (bucket 500, 110 in it)
        eventually("three events are written", () -> count(dev.userId(), null) == 3);
        assertThat(count(dev.userId(), "ALLOWED")).isEqualTo(1);
        assertThat(count(dev.userId(), "NO_QUOTA")).isEqualTo(1);
        assertThat(count(dev.userId(), "RATE_LIMITED")).isEqualTo(1);
    }

    static long count(String userId, String outcome) {
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM token_usage_event WHERE user_id = ?"
                     + (outcome == null ? "" : " AND outcome = ?"))) {
            ps.setString(1, userId);
            if (outcome != null) {
                ps.setString(2, outcome);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String randomId() {
        return UUID.randomUUID().toString();
    }
}
