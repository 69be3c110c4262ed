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
 * plain USER on tenant-admin and admin operations is a 403, and a user's token naming another user's ids
 * never reads that user's data. New routes join the matrix by being documented.
 */
@Tag("storage")
class AuthorizationMatrixTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account alice;
    static Account bob;
    static Account admin;
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
    Stream<DynamicTest> aPlainUserIsRefusedOnTenantAdminAndAdminOperations() {
        return operations.stream().filter(op -> op.access().equals("admin") || op.access().equals("tenant-admin"))
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
    Stream<DynamicTest> aUserNamingAnotherUsersIdsGetsNoData() {
        return operations.stream().filter(op -> op.access().equals("user") || op.access().equals("authenticated"))
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
