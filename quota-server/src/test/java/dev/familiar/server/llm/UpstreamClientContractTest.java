package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client written against the upstream Leaky Tokens server reads, on a real server with dry-run providers and
 * a frozen clock (buckets leak only when a test moves time): the usage page's {@code {provider, count, items}}, the
 * purchase's {@code id} and {@code idempotencyKey}, {@code X-RateLimit-Reset}, {@code status:"ok"}, validation
 * errors as a list of {@code {field, message}}, {@code sampleLimit} and {@code baselineWindows}, the password
 * minimum stated in the 400, and upstream's analytics names ({@code status:"ok"} of the analytics health,
 * {@code averageTokensPerEvent}, {@code baselineAverageTokens}, {@code thresholdMultiplier}).
 */
@Tag("storage")
class UpstreamClientContractTest {
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(Instant.parse("2026-02-05T15:00:00Z"));
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String url(String path) {
        return server.baseUrl() + path;
    }

    static Answer consume(Account who, String provider, long tokens) {
        return HttpCalls.post(url("/api/v1/tokens/consume"), "{\"userId\":\"" + who.userId() + "\",\"provider\":\""
                + provider + "\",\"tokens\":" + tokens + "}", who.bearer());
    }

    @Test
    void usageAnswersProviderCountAndItems() throws Exception {
        Account dev = identity.register("upstream-usage");
        for (long tokens : List.of(11L, 12L, 13L)) {
            assertThat(consume(dev, "openai", tokens).status()).isEqualTo(200);
        }
        assertThat(consume(dev, "qwen", 14).status()).isEqualTo(200);
        awaitEvents(dev, 4);

        JsonNode page = HttpCalls.get(url("/api/v1/analytics/usage?provider=openai&limit=2"), dev.bearer()).json();

        assertThat(page.isObject()).as(page.toString()).isTrue();
        assertThat(page.path("provider").asText()).isEqualTo("openai");
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("items").size()).isEqualTo(2);
        JsonNode entry = page.path("items").get(0);
        for (String field : List.of("userId", "provider", "tokens", "allowed", "timestamp", "requestId", "ipAddress")) {
            assertThat(entry.has(field)).as("the document's entry field %s in %s", field, entry).isTrue();
        }
        assertThat(entry.path("userId").asText()).isEqualTo(dev.userId());
        assertThat(entry.path("provider").asText()).isEqualTo("openai");
        JsonNode everyProvider = HttpCalls.get(url("/api/v1/analytics/usage"), dev.bearer()).json();
        assertThat(everyProvider.path("provider").isNull()).as("no filter: provider is null").isTrue();
        assertThat(everyProvider.path("count").asInt()).isEqualTo(4).isEqualTo(everyProvider.path("items").size());
    }

    @Test
    void purchaseStatusCarriesIdAndIdempotencyKey() {
        Account dev = identity.register("upstream-purchase");
        String body = "{\"userId\":\"" + dev.userId() + "\",\"provider\":\"openai\",\"tokens\":5000}";
        Map<String, String> headers = new HashMap<>(dev.bearer());
        headers.put("Idempotency-Key", "purchase-001");
        String keyed = HttpCalls.post(url("/api/v1/tokens/purchase"), body, headers).json().path("sagaId").asText();
        String unkeyed = HttpCalls.post(url("/api/v1/tokens/purchase"), body.replace("5000", "6000"), dev.bearer())
                .json().path("sagaId").asText();

        JsonNode withKey = HttpCalls.get(url("/api/v1/tokens/purchase/" + keyed), dev.bearer()).json();
        JsonNode withoutKey = HttpCalls.get(url("/api/v1/tokens/purchase/" + unkeyed), dev.bearer()).json();

        assertThat(withKey.path("id").asText()).isEqualTo(keyed);
        assertThat(withKey.path("sagaId").asText()).isEqualTo(keyed);
        assertThat(withKey.path("idempotencyKey").asText()).isEqualTo("purchase-001");
        assertThat(withKey.path("tokens").asLong()).isEqualTo(5000);
        assertThat(withoutKey.path("id").asText()).isEqualTo(unkeyed);
        assertThat(withoutKey.has("idempotencyKey")).as("present, null: %s", withoutKey).isTrue();
        assertThat(withoutKey.path("idempotencyKey").isNull()).isTrue();
    }

    @Test
    void everyTokenAnswerCarriesRateLimitReset() {
        // BRONZE: 1,000 tokens leaking 10 a second; FREE: 500 leaking 5 a second and a 100-token daily quota.
        Account dev = identity.register("upstream-reset");
        Answer allowed = consume(dev, "gemini", 40);
        Answer limited = consume(dev, "gemini", 990);
        Account free = identity.register("upstream-reset-free");
        assertThat(HttpCalls.post(url("/api/v1/tokens/tier"), "{\"userId\":\"" + free.userId() + "\",\"tier\":\"FREE\"}",
                identity.admin().bearer()).status()).isEqualTo(200);
        Answer noQuota = consume(free, "gemini", 150);

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("X-RateLimit-Reset")).as("40 tokens at 10/s").isEqualTo("4");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).as("990 fits once 30 have leaked").isEqualTo("3");
        assertThat(limited.header("X-RateLimit-Reset")).as("the refused request adds nothing").isEqualTo("4");
        assertThat(noQuota.status()).isEqualTo(402);
        assertThat(noQuota.header("X-RateLimit-Limit")).isEqualTo("500");
        assertThat(noQuota.header("X-RateLimit-Reset")).as("150 tokens at 5/s").isEqualTo("30");

        clock.advance(Duration.ofSeconds(4));
        Answer afterReset = consume(dev, "gemini", 1);
        assertThat(afterReset.header("X-RateLimit-Remaining")).as("empty again after Reset seconds").isEqualTo("999");
        assertThat(afterReset.header("X-RateLimit-Reset")).isEqualTo("1");
    }

    @Test
    void statusSaysOkAndNamesDryRunProvidersApart() {
        Answer status = HttpCalls.get(url("/api/v1/tokens/status"));

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("status").asText()).isEqualTo("ok");
        List<String> dryRun = new ArrayList<>();
        status.json().path("dryRunProviders").forEach(p -> dryRun.add(p.asText()));
        assertThat(dryRun).containsExactly("openai", "qwen", "gemini");
    }

    @Test
    void validationErrorsAreAListOfFieldAndMessage() {
        Account dev = identity.register("upstream-errors");

        Answer bad = HttpCalls.post(url("/api/v1/tokens/consume"),
                "{\"userId\":\"not-a-uuid\",\"provider\":\"claude\",\"tokens\":0}", dev.bearer());
        Answer badQuery = HttpCalls.get(url("/api/v1/analytics/report?provider=openai&windowMinutes=0&limit=0"),
                dev.bearer());

        assertThat(bad.status()).isEqualTo(400);
        JsonNode errors = bad.json().path("errors");
        assertThat(errors.isArray()).as(bad.body()).isTrue();
        List<String> fields = new ArrayList<>();
        errors.forEach(e -> {
            assertThat(e.size()).as("only field and message: %s", e).isEqualTo(2);
            assertThat(e.path("message").asText()).isNotBlank();
            fields.add(e.path("field").asText());
        });
        assertThat(fields).containsExactly("provider", "tokens", "userId");
        assertThat(bad.json().path("message").asText()).isNotBlank();
        assertThat(bad.json().has("timestamp")).isTrue();
        List<String> queryFields = new ArrayList<>();
        badQuery.json().path("errors").forEach(e -> queryFields.add(e.path("field").asText()));
        assertThat(queryFields).containsExactly("limit", "windowMinutes");
    }

    @Test
    void reportAndAnomaliesCarrySampleLimitAndBaselineWindows() {
        Account dev = identity.register("upstream-analytics");

        JsonNode report = HttpCalls.get(url("/api/v1/analytics/report?provider=openai"), dev.bearer()).json();
        JsonNode anomalies = HttpCalls.get(url("/api/v1/analytics/anomalies?provider=openai&baselineWindows=6"),
                dev.bearer()).json();
        JsonNode defaults = HttpCalls.get(url("/api/v1/analytics/anomalies?provider=openai"), dev.bearer()).json();

        assertThat(report.path("sampleLimit").asInt()).as("no sampling: every event counts").isEqualTo(Integer.MAX_VALUE);
        assertThat(anomalies.path("sampleLimit").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(anomalies.path("baselineWindows").asInt()).isEqualTo(6);
        assertThat(defaults.path("baselineWindows").asInt()).isEqualTo(24);
    }

    @Test
    void analyticsHealthSaysOk() {
        Answer health = HttpCalls.get(url("/api/v1/analytics/health"));

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        assertThat(health.json().path("service").asText()).as("other fields kept").isEqualTo("analytics");
        assertThat(health.json().has("retentionDays")).isTrue();
    }

    @Test
    void anomaliesCarryUpstreamBaselineAverageTokensAndThresholdMultiplier() throws Exception {
        // One baseline window of 60 minutes with 30 + 50 tokens, then 240 in the current one: average 80, ratio 3.
        Account dev = identity.register("upstream-anomaly");
        assertThat(consume(dev, "qwen", 30).status()).isEqualTo(200);
        assertThat(consume(dev, "qwen", 50).status()).isEqualTo(200);
        awaitEvents(dev, 2);
        clock.advance(Duration.ofMinutes(60));
        assertThat(consume(dev, "qwen", 240).status()).isEqualTo(200);
        awaitEvents(dev, 3);

        JsonNode body = HttpCalls.get(url("/api/v1/analytics/anomalies?provider=qwen&windowMinutes=60"
                + "&baselineWindows=1&thresholdMultiplier=2.5"), dev.bearer()).json();

        assertThat(body.path("baselineAverageTokens").decimalValue()).as(body.toString())
                .isEqualByComparingTo("80");
        assertThat(body.path("baselineAverageTokens").decimalValue())
                .isEqualByComparingTo(body.path("baselineAverage").decimalValue());
        assertThat(body.path("thresholdMultiplier").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(body.path("threshold").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(body.path("anomaly").asBoolean()).isTrue();
    }

    @Test
    void reportCarriesUpstreamAverageTokensPerEvent() throws Exception {
        Account dev = identity.register("upstream-average");
        for (long tokens : List.of(10L, 20L, 40L)) {
            assertThat(consume(dev, "gemini", tokens).status()).isEqualTo(200);
        }
        awaitEvents(dev, 3);

        JsonNode report = HttpCalls.get(url("/api/v1/analytics/report?provider=gemini"), dev.bearer()).json();

        assertThat(report.path("averageTokensPerEvent").decimalValue()).as(report.toString())
                .isEqualByComparingTo("23.33");
        assertThat(report.path("averageTokensPerEvent").decimalValue())
                .isEqualByComparingTo(report.path("averageTokens").decimalValue());
    }

    @Test
    void aShortPasswordIsRefusedNamingTheMinimum() {
        Answer answer = HttpCalls.post(url("/api/v1/auth/register"),
                "{\"username\":\"quickstart\",\"email\":\"dev@example.com\",\"password\":\"password1\"}");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = answer.json().path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("password");
        assertThat(error.path("message").asText()).contains("at least 12 characters");
    }

    private static void awaitEvents(Account who, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (HttpCalls.get(url("/api/v1/analytics/usage"), who.bearer()).json().path("items").size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the consumes' usage events never showed up");
            }
            Thread.sleep(50);
        }
    }
}
