package dev.familiar.server.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's SERVICE key: its backend consumes and reads quotas for any user id of the tenant (upstream's opaque
 * user ids), creating external users on first use, and can do nothing else.
 */
@Tag("storage")
class ServiceKeyTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account acmeOwner;
    static Account acmeAdmin;
    static Account globexUser;
    static JsonNode serviceKey;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        acmeOwner = identity.register("svc-acme-owner");
        acmeAdmin = identity.userInTenant("svc-acme-admin", acmeOwner.tenantId(), Role.TENANT_ADMIN);
        globexUser = identity.register("svc-globex-user");
        Answer created = createKey(acmeAdmin, acmeAdmin.userId(), "SERVICE");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        serviceKey = created.json();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String url(String path) {
        return server.baseUrl() + path;
    }

    static Answer createKey(Account caller, String userId, String role) {
        return HttpCalls.post(url("/api/v1/auth/api-keys"), "{\"userId\":\"" + userId + "\",\"name\":\"acme-backend\""
                + (role == null ? "" : ",\"role\":\"" + role + "\"") + "}", caller.bearer());
    }

    static Map<String, String> service() {
        return Map.of("X-Api-Key", serviceKey.path("apiKey").asText());
    }

    static Answer consume(Map<String, String> credential, String userId, String orgId, long tokens) {
        return HttpCalls.post(url("/api/v1/tokens/consume"), "{\"userId\":\"" + userId + "\","
                + (orgId == null ? "" : "\"orgId\":\"" + orgId + "\",") + "\"provider\":\"openai\",\"tokens\":" + tokens
                + "}", credential);
    }

    static Answer quota(Map<String, String> credential, String userId) {
        return HttpCalls.get(url("/api/v1/tokens/quota?userId=" + userId + "&provider=openai"), credential);
    }

    @Test
    void theServiceKeyIsBoundToItsOwnersTenantWithTheServiceRole() {
        assertThat(serviceKey.path("role").asText()).isEqualTo("SERVICE");
        assertThat(serviceKey.path("tenantId").asText()).isEqualTo(acmeOwner.tenantId());
        Answer validate = HttpCalls.get(url("/api/v1/auth/api-keys/validate"), service());
        assertThat(validate.status()).isEqualTo(200);
        assertThat(validate.json().path("roles").toString()).isEqualTo("[\"SERVICE\"]");
        Answer listed = HttpCalls.get(url("/api/v1/auth/api-keys?userId=" + acmeAdmin.userId()), acmeAdmin.bearer());
        assertThat(listed.json().get(0).path("role").asText()).isEqualTo("SERVICE");
    }

    @Test
    void aServiceConsumesForANewExternalIdCreatingThatUserInItsTenantWithItsOwnQuota() throws Exception {
        String endUser = UUID.randomUUID().toString();
        String otherEndUser = UUID.randomUUID().toString();

        Answer first = consume(service(), endUser, null, 40);
        Answer second = consume(service(), endUser, null, 2);
        Answer other = consume(service(), otherEndUser, null, 5);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(other.status()).isEqualTo(200);
        assertThat(quota(service(), endUser).json().path("remainingTokens").asLong())
                .as("quota tracked per external user").isEqualTo(1000 - 40 - 2);
        assertThat(quota(service(), otherEndUser).json().path("remainingTokens").asLong()).isEqualTo(1000 - 5);
        assertThat(HttpCalls.get(url("/api/v1/tokens/tier?userId=" + endUser), service()).json().path("tier").asText())
                .isEqualTo("BRONZE");
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT tenant_id, roles, username, email FROM app_user WHERE id = ?")) {
            ps.setString(1, endUser);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the external user exists").isTrue();
                assertThat(rs.getString("tenant_id")).isEqualTo(acmeOwner.tenantId());
                assertThat(rs.getString("roles")).isEqualTo("USER");
                assertThat(rs.getString("username")).isEqualTo("external:" + endUser);
                assertThat(rs.getString("email")).isNull();
            }
        }
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT actor, tenant_id FROM audit_log WHERE action = 'user.external.create' "
                     + "AND target = ?")) {
            ps.setString(1, endUser);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the creation is audited").isTrue();
                assertThat(rs.getString("actor")).isEqualTo("service-key:" + serviceKey.path("id").asText());
                assertThat(rs.getString("tenant_id")).isEqualTo(acmeOwner.tenantId());
                assertThat(rs.next()).as("created once").isFalse();
            }
        }
    }

    @Test
    void concurrentFirstUsesOfOneIdCreateOneUser() throws Exception {
        String endUser = UUID.randomUUID().toString();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return consume(service(), endUser, null, 3).status();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(quota(service(), endUser).json().path("remainingTokens").asLong()).isEqualTo(1000 - 3 * threads);
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log WHERE action = 'user.external.create' "
                     + "AND target = ?")) {
            ps.setString(1, endUser);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("created (and audited) once").isEqualTo(1);
            }
        }
    }

    @Test
    void aServiceConsumesForAnExistingUserOfItsTenant() throws Exception {
        Account member = identity.userInTenant("svc-acme-member", acmeOwner.tenantId());

        Answer answer = consume(service(), member.userId(), null, 7);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(quota(member.bearer(), member.userId()).json().path("remainingTokens").asLong())
                .as("the user sees what the service spent").isEqualTo(1000 - 7);
    }

    @Test
    void aUserOfAnotherTenantIsRefusedWith403AndNothingIsSpentOrCreated() {
        Answer consumeForOutsider = consume(service(), globexUser.userId(), null, 9);
        Answer quotaOfOutsider = quota(service(), globexUser.userId());
        Answer tierOfOutsider = HttpCalls.get(url("/api/v1/tokens/tier?userId=" + globexUser.userId()), service());
        Answer foreignOrg = consume(service(), UUID.randomUUID().toString(), globexUser.tenantId(), 1);

        assertThat(consumeForOutsider.status()).isEqualTo(403);
        assertThat(consumeForOutsider.json().path("message").asText()).isEqualTo("the user belongs to another tenant");
        assertThat(quotaOfOutsider.status()).isEqualTo(403);
        assertThat(tierOfOutsider.status()).isEqualTo(403);
        assertThat(foreignOrg.status()).isEqualTo(403);
        assertThat(quota(globexUser.bearer(), globexUser.userId()).status())
                .as("no quota was opened for the outsider").isEqualTo(404);
    }

    @Test
    void readingAnUnknownIdCreatesNoUser() {
        String stranger = UUID.randomUUID().toString();

        assertThat(quota(service(), stranger).status()).isEqualTo(404);
        assertThat(HttpCalls.get(url("/api/v1/tokens/tier?userId=" + stranger), service()).status()).isEqualTo(404);
        assertThat(consume(service(), stranger, null, 1).status()).as("consume creates it").isEqualTo(200);
    }

    @Test
    void aServiceKeyCannotCallAdminUserManagementOrOtherUserRoutes() {
        assertThat(HttpCalls.get(url("/api/admin/webhooks/events"), service()).status()).isEqualTo(403);
        assertThat(HttpCalls.post(url("/api/v1/tokens/tier"), "{\"userId\":\"" + acmeOwner.userId()
                + "\",\"tier\":\"GOLD\"}", service()).status()).isEqualTo(403);
        assertThat(HttpCalls.get(url("/api/v1/auth/api-keys?userId=" + acmeAdmin.userId()), service()).status())
                .isEqualTo(403);
        assertThat(HttpCalls.post(url("/api/v1/auth/api-keys"), "{\"userId\":\"" + acmeAdmin.userId()
                + "\",\"name\":\"more\"}", service()).status()).isEqualTo(403);
        assertThat(HttpCalls.post(url("/api/v1/tokens/purchase"), "{\"userId\":\"" + acmeOwner.userId()
                + "\",\"provider\":\"openai\",\"tokens\":10}", service()).status()).isEqualTo(403);
        assertThat(HttpCalls.post(url("/api/v1/usage"), "{\"orgId\":\"" + acmeOwner.tenantId() + "\"}", service())
                .status()).isEqualTo(403);
    }

    @Test
    void onlyAnAdminOrTheTenantsAdminCreatesServiceKeys() {
        Account plain = identity.register("svc-plain");

        assertThat(createKey(plain, plain.userId(), "SERVICE").status()).isEqualTo(403);
        assertThat(createKey(acmeAdmin, globexUser.userId(), "SERVICE").status())
                .as("a tenant admin cannot reach another tenant").isEqualTo(404);
        Answer byAdmin = createKey(identity.admin(), globexUser.userId(), "SERVICE");
        assertThat(byAdmin.status()).isEqualTo(201);
        assertThat(byAdmin.json().path("tenantId").asText()).isEqualTo(globexUser.tenantId());
        Answer badRole = createKey(acmeAdmin, acmeAdmin.userId(), "ADMIN");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().path("errors").toString()).contains("role");
    }

    @Test
    void anExternalUserCannotLogInNorBeGivenAKey() {
        String endUser = UUID.randomUUID().toString();
        assertThat(consume(service(), endUser, null, 1).status()).isEqualTo(200);

        Answer login = HttpCalls.post(url("/api/v1/auth/login"), "{\"username\":\"external:" + endUser
                + "\",\"password\":\"!external\"}");
        Answer key = createKey(acmeAdmin, endUser, null);

        assertThat(login.status()).isEqualTo(401);
        assertThat(key.status()).isEqualTo(400);
        assertThat(key.json().path("errors").toString()).contains("userId");
    }

    @Test
    void aRevokedServiceKeyStopsWorkingAtOnce() {
        JsonNode temp = createKey(acmeAdmin, acmeAdmin.userId(), "SERVICE").json();
        Map<String, String> viaKey = Map.of("Authorization", "Bearer " + temp.path("rawKey").asText());
        assertThat(consume(viaKey, acmeOwner.userId(), null, 1).status()).isEqualTo(200); // now cached

        Answer revoked = HttpCalls.call(new Request.Builder().url(url("/api/v1/auth/api-keys?userId="
                + acmeAdmin.userId() + "&apiKeyId=" + temp.path("id").asText()))
                .headers(okhttp3.Headers.of(acmeOwner.bearer())).delete().build());

        assertThat(revoked.status()).as("a plain user cannot revoke the tenant admin's key").isEqualTo(403);
        Answer byAdmin = HttpCalls.call(new Request.Builder().url(url("/api/v1/auth/api-keys?userId="
                + acmeAdmin.userId() + "&apiKeyId=" + temp.path("id").asText()))
                .headers(okhttp3.Headers.of(acmeAdmin.bearer())).delete().build());
        assertThat(byAdmin.status()).isEqualTo(204);
        assertThat(consume(viaKey, acmeOwner.userId(), null, 1).status()).isEqualTo(401);
        assertThat(HttpCalls.get(url("/api/v1/tokens/status"), viaKey).status())
                .as("a revoked key is refused on public routes too").isEqualTo(401);
    }
}
