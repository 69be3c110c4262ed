package dev.familiar.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on every token route is a 400 in the document's plain shape naming the field; golden answers. */
@Tag("storage")
class TokenBadInputTest {
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(Instant.parse("2026-02-05T15:00:00Z"));
    static FamiliarServer server;
    static Identity identity;
    static Account user;

    record Case(String method, String path, String body, Map<String, String> headers, String field, boolean admin) {
    }

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        user = identity.register("token-input");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Answer call(String method, String path, String body, Map<String, String> headers, Map<String, String> auth) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + path);
        auth.forEach(b::header);
        headers.forEach(b::header);
        if ("GET".equals(method)) {
            b.get();
        } else {
            b.method(method, RequestBody.create(body, HttpCalls.JSON));
        }
        return HttpCalls.call(b.build());
    }

    @TestFactory
    Stream<DynamicTest> badInputIs400NamingTheField() {
        String u = user.userId();
        return Stream.of(
                new Case("POST", "/api/v1/tokens/consume", "{\"provider\":\"openai\",\"tokens\":1}", Map.of(), "userId", false),
                new Case("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + u + "\",\"provider\":\"openai\",\"tokens\":0}",
                        Map.of(), "tokens", false),
                new Case("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + u + "\",\"provider\":\"openai\",\"tokens\":\"ten\"}",
                        Map.of(), "tokens", false),
                new Case("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + u + "\",\"orgId\":\"dept\",\"provider\":\"openai\","
                        + "\"tokens\":1}", Map.of(), "orgId", false),
                new Case("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + u + "\",\"provider\":\"openai\",\"tokens\":1,"
                        + "\"prompt\":\"" + "x".repeat(32_001) + "\"}", Map.of(), "prompt", false),
                new Case("GET", "/api/v1/tokens/quota?userId=" + u, "", Map.of(), "provider", false),
                new Case("GET", "/api/v1/tokens/quota?userId=me&provider=openai", "", Map.of(), "userId", false),
                new Case("GET", "/api/v1/tokens/quota/org?orgId=x&provider=openai", "", Map.of(), "orgId", false),
                new Case("POST", "/api/v1/tokens/quota/org", "{\"orgId\":\"" + user.tenantId()
                        + "\",\"provider\":\"openai\",\"totalTokens\":-5}", Map.of(), "totalTokens", true),
                new Case("POST", "/api/v1/tokens/tier", "{\"userId\":\"" + u + "\",\"tier\":\"DIAMOND\"}", Map.of(), "tier", true),
                new Case("POST", "/api/v1/tokens/tier", "{\"userId\":\"" + u + "\",\"tier\":\"GOLD\",\"quotaTokens\":-1}",
                        Map.of(), "quotaTokens", true),
                new Case("GET", "/api/v1/tokens/tier", "", Map.of(), "userId", false),
                new Case("POST", "/api/v1/tokens/purchase", "{\"userId\":\"" + u + "\",\"provider\":\"openai\",\"tokens\":0}",
                        Map.of(), "tokens", false),
                new Case("POST", "/api/v1/tokens/purchase", "{\"userId\":\"" + u + "\",\"provider\":\"openai\",\"tokens\":10}",
                        Map.of(), "tokens", false), // $0.02 is under the minimum charge
                new Case("POST", "/api/v1/tokens/purchase", "{\"userId\":\"" + u + "\",\"provider\":\"openai\",\"tokens\":5000}",
                        Map.of("Idempotency-Key", "k".repeat(101)), "Idempotency-Key", false),
                new Case("GET", "/api/v1/tokens/purchase/not-a-saga", "", Map.of(), "sagaId", false))
                .map(c -> DynamicTest.dynamicTest(c.method() + " " + c.path().substring(0, Math.min(60, c.path().length()))
                        + " " + c.field(), () -> {
                    Answer a = call(c.method(), c.path(), c.body(), c.headers(),
                            c.admin() ? identity.admin().bearer() : user.bearer());
                    assertThat(a.status()).as(a.body()).isEqualTo(400);
                    assertThat(a.json().has("message")).isTrue();
                    assertThat(a.json().has("timestamp")).isTrue();
                    assertThat(a.json().path("errors").toString()).contains(c.field());
                }));
    }

    @Test
    void goldenAnswers() {
        Answer ok = call("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + user.userId()
                + "\",\"provider\":\"gemini\",\"tokens\":40,\"prompt\":\"hello\"}", Map.of(), user.bearer());
        GoldenFiles.assertMatches("tokens-consume-200", ok.status(), ok.body()
                .replace(ok.json().at("/providerResponse/id").asText(), "<id>"));
        Answer limited = call("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + user.userId()
                + "\",\"provider\":\"gemini\",\"tokens\":990}", Map.of(), user.bearer());
        GoldenFiles.assertMatches("tokens-consume-429", limited.status(), limited.body());
        Answer quota = call("GET", "/api/v1/tokens/quota?userId=" + user.userId() + "&provider=gemini", "", Map.of(),
                user.bearer());
        GoldenFiles.assertMatches("tokens-quota-200", quota.status(), quota.body().replace(user.userId(), "<user>"));
        Answer bad = call("POST", "/api/v1/tokens/consume", "{\"userId\":\"" + user.userId()
                + "\",\"provider\":\"openai\",\"tokens\":0}", Map.of(), user.bearer());
        GoldenFiles.assertMatches("tokens-consume-400", bad.status(), bad.body());
        Answer status = call("GET", "/api/v1/tokens/status", "", Map.of(), Map.of());
        GoldenFiles.assertMatches("tokens-status-200", status.status(), status.body());
        Answer purchase = call("POST", "/api/v1/tokens/purchase", "{\"userId\":\"" + user.userId()
                + "\",\"provider\":\"qwen\",\"tokens\":1000}", Map.of("Idempotency-Key", "golden-1"), user.bearer());
        GoldenFiles.assertMatches("tokens-purchase-202", purchase.status(), purchase.body()
                .replace(purchase.json().path("sagaId").asText(), "<saga>"));
        String sagaId = purchase.json().path("sagaId").asText();
        Answer saga = call("GET", "/api/v1/tokens/purchase/" + sagaId, "", Map.of(), user.bearer());
        // The saga runs in the background: its state at this moment is not part of the shape.
        GoldenFiles.assertMatches("tokens-purchase-status-200", saga.status(), saga.body().replace(sagaId, "<saga>")
                .replace("\"" + saga.json().path("status").asText() + "\"", "\"<status>\""));
    }
}
