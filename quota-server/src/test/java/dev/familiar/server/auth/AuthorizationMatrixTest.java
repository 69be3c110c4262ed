package dev.familiar.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated from {@code /openapi.json}: for every operation that is not public, no credential is a 401, a
 * plain USER on tenant-admin, admin, prompt-engineer and billing-admin operations is a 403, a BILLING_ADMIN passes only
 * billing-admin ones (403 on admin and prompt-engineer ones, as a PROMPT_ENGINEER is on billing-admin ones), a SERVICE key anywhere but the operations open to
 * services is a 403, and a user's token naming another user's ids never reads that user's data; on every public
 * operation, a presented credential that is not valid is a 401 in the route's error family. New routes join the
 * matrix by being documented.
 */
@Tag("storage")
class AuthorizationMatrixTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account alice;
    static Account bob;
    static Account admin;
    static String revokedKey;
    static String serviceKey;
    static List<Operation> operations;

    record Operation(String method, String path, String access, JsonNode spec) {
        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + path + " (" + access + ")";
        }
    }

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        alice = identity.register("matrix-alice");
        bob = identity.register("matrix-bob");
        admin = identity.admin();
        JsonNode key = HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys",
                "{\"userId\":\"" + alice.userId() + "\",\"name\":\"to-revoke\"}", alice.bearer()).json();
        revokedKey = key.path("rawKey").asText();
        HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + alice.userId()
                + "&apiKeyId=" + key.path("id").asText()).headers(okhttp3.Headers.of(alice.bearer())).delete().build());
        serviceKey = HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys", "{\"userId\":\"" + alice.userId()
                + "\",\"name\":\"matrix-service\",\"role\":\"SERVICE\"}", admin.bearer()).json().path("rawKey").asText();
        assertThat(serviceKey).startsWith("famk_");
        operations = new ArrayList<>();
        JsonNode paths = HttpCalls.get(server.baseUrl() + "/openapi.json").json().path("paths");
        paths.fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                operations.add(new Operation(op.getKey(), p.getKey(), op.getValue().path("x-familiar-access").asText(),
                        op.getValue()));
            }
        }));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @TestFactory
    Stream<DynamicTest> everyProtectedOperationRefusesACallerWithoutCredentials() {
        return operations.stream().filter(op -> !op.access().equals("public"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, Map.of(), bob.userId());
                    assertThat(answer.status()).as("%s without credentials", op.name()).isEqualTo(401);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyProtectedOperationRefusesAForgedCredential() {
        return operations.stream().filter(op -> !op.access().equals("public"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, Map.of("Authorization", "Bearer " + alice.token() + "x"), alice.userId());
                    assertThat(answer.status()).as("%s with a forged token", op.name()).isEqualTo(401);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyPublicOperationRefusesAPresentedCredentialThatIsNotValid() {
        Map<String, Map<String, String>> invalid = Map.of(
                "unknown API key", Map.of("X-Api-Key", "famk_" + "u".repeat(40)),
                "revoked API key", Map.of("X-Api-Key", revokedKey),
                "revoked API key as bearer", Map.of("Authorization", "Bearer " + revokedKey),
                "forged bearer token", Map.of("Authorization", "Bearer " + alice.token() + "x"));
        return operations.stream().filter(op -> op.access().equals("public"))
                .flatMap(op -> invalid.entrySet().stream().map(credential -> DynamicTest.dynamicTest(
                        op.name() + " with a " + credential.getKey(), () -> {
                            Answer answer = call(op, credential.getValue(), alice.userId());
                            assertThat(answer.status()).as("%s with a %s", op.name(), credential.getKey()).isEqualTo(401);
                            assertInErrorFamily(op, answer);
                        })));
    }

    @TestFactory
    Stream<DynamicTest> publicOperationsNeedNoCredential() {
        // the key validation answers 401 to a missing key by design; the webhook authenticates by its signature
        return operations.stream().filter(op -> op.access().equals("public"))
                .filter(op -> !op.path().equals("/api/v1/auth/api-keys/validate") && !op.path().equals("/api/webhooks/stripe"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, Map.of(), alice.userId());
                    assertThat(answer.status()).as("%s without credentials", op.name()).isNotEqualTo(401);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aServiceKeyIsRefusedEverywhereButTheOperationsOpenToServices() {
        return operations.stream().filter(op -> !op.access().equals("public") && !op.access().equals("user-or-service"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, Map.of("X-Api-Key", serviceKey), alice.userId(), alice.tenantId());
                    assertThat(answer.status()).as("%s with a SERVICE key", op.name()).isEqualTo(403);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aServiceKeyIsRefusedForAUserOfAnotherTenant() {
        // an operation naming no user (the function catalog) has no other tenant's user to refuse
        return operations.stream().filter(op -> op.access().equals("user-or-service") && mentionsUserOrTenant(op.spec()))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, Map.of("X-Api-Key", serviceKey), bob.userId(), alice.tenantId());
                    assertThat(answer.status()).as("%s with alice's tenant's SERVICE key for bob", op.name()).isIn(400, 403);
                    assertThat(answer.body()).doesNotContain(bob.username());
                }));
    }

    @TestFactory
    Stream<DynamicTest> aPlainUserIsRefusedOnTenantAdminAndAdminOperations() {
        return operations.stream().filter(op -> op.access().equals("admin") || op.access().equals("tenant-admin")
                        || op.access().equals("prompt-engineer") || op.access().equals("billing-admin"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, alice.bearer(), alice.userId());
                    assertThat(answer.status()).as("%s as a USER", op.name()).isEqualTo(403);
                }));
    }

    @TestFactory
    Stream<DynamicTest> anAdminIsNeverRefusedForLackOfRights() {
        return operations.stream().filter(op -> !op.access().equals("public"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    // runtime routes serve only the caller's own organisation, so the admin names its own
                    Answer answer = call(op, admin.bearer(), alice.userId(), admin.tenantId());
                    assertThat(answer.status()).as("%s as ADMIN", op.name()).isNotIn(401, 403);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aPromptEngineerIsNotRefusedForLackOfRightsOnThePromptLab() throws Exception {
        Account engineer = new Identity(server).userInTenant("matrix-engineer", admin.tenantId(), Role.PROMPT_ENGINEER);
        // approving and rolling back also take an approver role (FAMILIAR_PROMPT_APPROVER_ROLES, ADMIN by default)
        return operations.stream().filter(op -> op.access().equals("prompt-engineer"))
                .filter(op -> !op.path().endsWith("/approve") && !op.path().endsWith("/rollback"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, engineer.bearer(), engineer.userId(), engineer.tenantId());
                    assertThat(answer.status()).as("%s as PROMPT_ENGINEER", op.name()).isNotIn(401, 403);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aBillingAdminRunsTheLifecycleAndIsRefusedAdminAndPromptLabOperations() throws Exception {
        Account billing = new Identity(server).userInTenant("matrix-billing", admin.tenantId(), Role.BILLING_ADMIN);
        assertThat(operations).as("the lifecycle operations are billing-admin")
                .anyMatch(op -> op.access().equals("billing-admin") && op.path().endsWith("/cancel"));
        return operations.stream().filter(op -> List.of("billing-admin", "admin", "prompt-engineer").contains(op.access()))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, billing.bearer(), billing.userId(), billing.tenantId());
                    if (op.access().equals("billing-admin")) {
                        assertThat(answer.status()).as("%s as BILLING_ADMIN", op.name()).isNotIn(401, 403);
                    } else {
                        assertThat(answer.status()).as("%s as BILLING_ADMIN", op.name()).isEqualTo(403);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> aPromptEngineerIsRefusedTheLifecycleOperations() throws Exception {
        Account engineer = new Identity(server).userInTenant("matrix-engineer-2", admin.tenantId(), Role.PROMPT_ENGINEER);
        return operations.stream().filter(op -> op.access().equals("billing-admin"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, engineer.bearer(), engineer.userId(), engineer.tenantId());
                    assertThat(answer.status()).as("%s as PROMPT_ENGINEER", op.name()).isEqualTo(403);
                }));
    }

    @TestFactory
    Stream<DynamicTest> aUserNamingAnotherUsersIdsGetsNoData() {
        return operations.stream().filter(op -> op.access().equals("user") || op.access().equals("user-or-service")
                        || op.access().equals("authenticated"))
                .filter(op -> mentionsUserOrTenant(op.spec()))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Answer answer = call(op, alice.bearer(), bob.userId());
                    assertThat(answer.status()).as("%s as alice for bob", op.name()).isIn(400, 403, 404);
                    assertThat(answer.body()).doesNotContain(bob.username());
                }));
    }

    @TestFactory
    Stream<DynamicTest> aTenantHeaderNamingAnotherTenantIsRefused() {
        return operations.stream().filter(op -> !op.access().equals("public"))
                .map(op -> DynamicTest.dynamicTest(op.name(), () -> {
                    Map<String, String> headers = new HashMap<>(alice.bearer());
                    headers.put("x-tenant-id", bob.tenantId());
                    Answer answer = call(op, headers, alice.userId());
                    assertThat(answer.status()).as("%s with bob's tenant header", op.name()).isEqualTo(403);
                }));
    }

    /** The 002 family's plain {message, timestamp}, or the envelope with UNAUTHENTICATED. */
    private static void assertInErrorFamily(Operation op, Answer answer) {
        JsonNode body = answer.json();
        if (dev.familiar.server.http.ApiResponses.usesPlainErrors(op.path())) {
            assertThat(body.has("ok")).as("%s answers the plain shape", op.name()).isFalse();
            assertThat(body.path("message").asText()).as("%s message", op.name()).isNotBlank();
            assertThat(body.has("timestamp")).as("%s timestamp", op.name()).isTrue();
        } else {
            assertThat(body.path("ok").asBoolean(true)).as("%s answers the envelope", op.name()).isFalse();
            assertThat(body.at("/error/code").asText()).as("%s error code", op.name()).isEqualTo("UNAUTHENTICATED");
            assertThat(body.at("/error/status").asInt()).isEqualTo(401);
        }
        assertThat(answer.header("Content-Type")).startsWith("application/json");
    }

    private static boolean mentionsUserOrTenant(JsonNode spec) {
        String text = spec.toString();
        return text.contains("\"userId\"") || text.contains("ApiKeyCreateRequest") || text.contains("\"orgId\"");
    }

    /** Calls the operation with ids filled in: path parameters, required query parameters and a body for writes. */
    private static Answer call(Operation op, Map<String, String> headers, String userId) {
        return call(op, headers, userId, bob.tenantId());
    }

    private static Answer call(Operation op, Map<String, String> headers, String userId, String orgId) {
        String path = op.path().replaceAll("\\{[^}]+}", "3f1f1f1f-0000-4000-8000-000000000001");
        HttpUrl.Builder url = HttpUrl.get(server.baseUrl() + path).newBuilder();
        for (JsonNode parameter : op.spec().path("parameters")) {
            if ("query".equals(parameter.path("in").asText())) {
                String name = parameter.path("name").asText();
                url.addQueryParameter(name, name.equals("userId") ? userId : "3f1f1f1f-0000-4000-8000-000000000002");
            }
        }
        String body = "{\"userId\":\"" + userId + "\",\"orgId\":\"" + orgId + "\",\"name\":\"matrix\","
                + "\"domain\":\"matrix.example.com\"}";
        Request.Builder request = new Request.Builder().url(url.build());
        headers.forEach(request::header);
        switch (op.method()) {
            case "get" -> request.get();
            case "delete" -> request.delete();
            default -> request.method(op.method().toUpperCase(Locale.ROOT), RequestBody.create(body, HttpCalls.JSON));
        }
        return HttpCalls.call(request.build());
    }
}
