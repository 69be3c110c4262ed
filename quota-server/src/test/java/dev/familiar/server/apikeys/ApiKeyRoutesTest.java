package dev.familiar.server.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.PlainErrors;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("storage")
class ApiKeyRoutesTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static String keysUrl() {
        return server.baseUrl() + "/api/v1/auth/api-keys";
    }

    private static Answer create(Account caller, String userId, String name) {
        return HttpCalls.post(keysUrl(), "{\"userId\":\"" + userId + "\",\"name\":\"" + name + "\"}", caller.bearer());
    }

    private static Answer delete(Account caller, String userId, String keyId) {
        return HttpCalls.call(new Request.Builder().url(keysUrl() + "?userId=" + userId + "&apiKeyId=" + keyId)
                .headers(okhttp3.Headers.of(caller.bearer())).delete().build());
    }

    @Test
    void aUserCreatesAKeyThatIsShownOnceAndStoredOnlyAsAHash() throws Exception {
        Account dev = identity.register("key-owner");

        Answer created = create(dev, dev.userId(), "production-integration");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String rawKey = body.path("rawKey").asText();
        assertThat(rawKey).startsWith("famk_").hasSize(45);
        assertThat(body.path("keyPrefix").asText()).isEqualTo(rawKey.substring(0, 11));
        assertThat(body.path("tenantId").asText()).isEqualTo(dev.tenantId());
        GoldenFiles.assertMatches("auth-api-key-create-201", created.status(),
                created.body().replace(rawKey, "<rawKey>").replace(body.path("keyPrefix").asText(), "<prefix>")
                        .replace(body.path("tenantId").asText(), "<tenant>"));
        try (var c = identity.dataSource().getConnection();
             var ps = c.prepareStatement("SELECT COUNT(*) FROM api_key WHERE key_hash = ? OR key_prefix = ?")) {
            ps.setString(1, rawKey);
            ps.setString(2, rawKey);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("the raw key is stored nowhere").isZero();
            }
        }
    }

    @Test
    void theRawKeyIsAlsoAnsweredAsApiKeyForUpstreamClients() {
        Account dev = identity.register("key-alias");

        JsonNode body = create(dev, dev.userId(), "upstream").json();

        assertThat(body.path("apiKey").asText()).startsWith("famk_").isEqualTo(body.path("rawKey").asText());
        assertThat(body.path("role").asText()).isEqualTo("USER");
        assertThat(HttpCalls.get(keysUrl() + "/validate", Map.of("X-Api-Key", body.path("apiKey").asText())).status())
                .isEqualTo(200);
    }

    @Test
    void aValidKeyDoesNotExcuseAnInvalidBearerBesideIt() {
        Account dev = identity.register("key-and-forged-bearer");
        String key = create(dev, dev.userId(), "both-headers").json().path("rawKey").asText();

        Answer answer = HttpCalls.get(keysUrl() + "/validate",
                Map.of("X-Api-Key", key, "Authorization", "Bearer not-a-token"));

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void aKeyAndABearerOfTheSameUserAreAccepted() {
        Account dev = identity.register("key-and-own-bearer");
        String key = create(dev, dev.userId(), "both-headers").json().path("rawKey").asText();

        Answer answer = HttpCalls.get(keysUrl() + "/validate",
                Map.of("X-Api-Key", key, "Authorization", dev.bearer().get("Authorization")));

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aKeyAndABearerOfDifferentUsersAreRefused() {
        Account dev = identity.register("key-of-one-user");
        Account other = identity.register("bearer-of-another");
        String key = create(dev, dev.userId(), "both-headers").json().path("rawKey").asText();

        Answer answer = HttpCalls.get(keysUrl() + "?userId=" + dev.userId(),
                Map.of("X-Api-Key", key, "Authorization", other.bearer().get("Authorization")));

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void anExpiresAtIsHonoured() {
        Account dev = identity.register("key-expires-at");
        Instant asked = Instant.now().plus(Duration.ofDays(33)).truncatedTo(ChronoUnit.SECONDS);

        Answer created = HttpCalls.post(keysUrl(), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"dated\","
                + "\"expiresAt\":\"" + asked + "\"}", dev.bearer());

        assertThat(created.status()).isEqualTo(201);
        assertThat(Instant.parse(created.json().path("expiresAt").asText())).isEqualTo(asked);
        Answer validate = HttpCalls.get(keysUrl() + "/validate", Map.of("X-Api-Key", created.json().path("rawKey").asText()));
        assertThat(Instant.parse(validate.json().path("expiresAt").asText())).isEqualTo(asked);
        Answer list = HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), dev.bearer());
        assertThat(Instant.parse(list.json().get(0).path("expiresAt").asText())).isEqualTo(asked);
    }

    @Test
    void anExpiresAtWithAnOffsetIsTheSameInstant() {
        Account dev = identity.register("key-expires-offset");
        Instant asked = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        String withOffset = asked.atOffset(java.time.ZoneOffset.ofHours(2)).toString();

        Answer created = HttpCalls.post(keysUrl(), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"dated\","
                + "\"expiresAt\":\"" + withOffset + "\"}", dev.bearer());

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Instant.parse(created.json().path("expiresAt").asText())).isEqualTo(asked);
    }

    @Test
    void anExpiresAtWithoutSecondsIsTheWholeMinute() {
        Account dev = identity.register("key-expires-minute");
        Instant asked = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MINUTES);
        String withoutSeconds = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX")
                .format(asked.atOffset(java.time.ZoneOffset.ofHours(-5)));

        Answer created = HttpCalls.post(keysUrl(), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"minute\","
                + "\"expiresAt\":\"" + withoutSeconds + "\"}", dev.bearer());

        assertThat(withoutSeconds).hasSize(22);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Instant.parse(created.json().path("expiresAt").asText())).isEqualTo(asked);
    }

    @Test
    void aBadExpiresAtIs400NamingTheField() {
        Account dev = identity.register("key-expires-bad");
        Instant now = Instant.now();
        Map<String, String> cases = Map.of(
                "\"expiresAt\":\"" + now.minus(Duration.ofMinutes(1)) + "\"", "must be in the future",
                "\"expiresAt\":\"" + now.plus(Duration.ofDays(3651)) + "\"", "3650 days",
                "\"expiresAt\":\"2026-12-31\"", "ISO-8601 instant",
                "\"expiresAt\":\"" + now.plus(Duration.ofDays(5)) + "\",\"expiresInDays\":5", "not both");

        cases.forEach((field, problem) -> {
            Answer answer = HttpCalls.post(keysUrl(), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"x\"," + field + "}",
                    dev.bearer());
            assertThat(answer.status()).as(field).isEqualTo(400);
            assertThat(answer.body()).as(field).contains("expiresAt").contains(problem);
        });
        assertThat(HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), dev.bearer()).json()).as("nothing created").isEmpty();
    }

    @Test
    void expiresInDaysStillSetsTheLifetime() {
        Account dev = identity.register("key-expires-days");

        JsonNode body = HttpCalls.post(keysUrl(), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"d\",\"expiresInDays\":90}",
                dev.bearer()).json();

        assertThat(Duration.between(Instant.parse(body.path("createdAt").asText()),
                Instant.parse(body.path("expiresAt").asText()))).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void listingShowsKeysWithoutTheKeysThemselves() {
        Account dev = identity.register("key-lister");
        String raw = create(dev, dev.userId(), "first").json().path("rawKey").asText();

        Answer list = HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), dev.bearer());

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).path("name").asText()).isEqualTo("first");
        assertThat(list.body()).doesNotContain(raw).doesNotContain("rawKey");
    }

    @Test
    void aKeyValidatesAndIsAcceptedWhereverABearerTokenIs() {
        Account dev = identity.register("key-user");
        String raw = create(dev, dev.userId(), "ci").json().path("rawKey").asText();

        Answer validate = HttpCalls.get(keysUrl() + "/validate", Map.of("X-Api-Key", raw));
        Answer viaHeader = HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), Map.of("X-Api-Key", raw));
        Answer viaBearer = HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), Map.of("Authorization", "Bearer " + raw));

        assertThat(validate.status()).isEqualTo(200);
        assertThat(validate.json().path("userId").asText()).isEqualTo(dev.userId());
        assertThat(validate.json().path("name").asText()).isEqualTo("ci");
        assertThat(validate.json().path("roles").get(0).asText()).isEqualTo("USER");
        assertThat(viaHeader.status()).isEqualTo(200);
        assertThat(viaBearer.status()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorkingAndASecondRevokeIs404() {
        Account dev = identity.register("key-revoker");
        JsonNode key = create(dev, dev.userId(), "temp").json();
        Map<String, String> viaKey = Map.of("X-Api-Key", key.path("rawKey").asText());
        assertThat(HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), viaKey).status()).isEqualTo(200); // now cached

        Answer revoked = delete(dev, dev.userId(), key.path("id").asText());
        Answer again = delete(dev, dev.userId(), key.path("id").asText());

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(404);
        assertThat(HttpCalls.get(keysUrl() + "/validate", Map.of("X-Api-Key", key.path("rawKey").asText())).status())
                .isEqualTo(401);
        assertThat(HttpCalls.get(keysUrl() + "?userId=" + dev.userId(), viaKey).status())
                .as("the cached verification was dropped").isEqualTo(401);
    }

    @Test
    void aRevokedKeyIsRefusedOnPublicRoutesInEachRoutesErrorFamily() {
        Account dev = identity.register("key-public-routes");
        JsonNode key = create(dev, dev.userId(), "soon-revoked").json();
        Map<String, String> viaKey = Map.of("X-Api-Key", key.path("rawKey").asText());
        assertThat(HttpCalls.get(server.baseUrl() + "/api/v1/tokens/status", viaKey).status()).isEqualTo(200);
        assertThat(delete(dev, dev.userId(), key.path("id").asText()).status()).isEqualTo(204);

        Answer status = HttpCalls.get(server.baseUrl() + "/api/v1/tokens/status", viaKey);
        Answer live = HttpCalls.get(server.baseUrl() + "/health/live", viaKey);
        Answer anonymous = HttpCalls.get(server.baseUrl() + "/api/v1/tokens/status");

        GoldenFiles.assertMatches("tokens-status-401-revoked-key", status.status(), status.body());
        GoldenFiles.assertMatches("health-live-401-revoked-key", live.status(), live.body());
        assertThat(anonymous.status()).as("no credential stays fine").isEqualTo(200);
    }

    @Test
    void unknownAndMissingKeysAre401() {
        assertThat(HttpCalls.get(keysUrl() + "/validate", Map.of("X-Api-Key", "famk_" + "x".repeat(40))).status()).isEqualTo(401);
        assertThat(HttpCalls.get(keysUrl() + "/validate").status()).isEqualTo(401);
        assertThat(HttpCalls.get(keysUrl() + "?userId=00000000-0000-0000-0000-000000000000",
                Map.of("X-Api-Key", "famk_wrong")).status()).isEqualTo(401);
    }

    @Test
    void aUserCannotManageAnotherUsersKeys() {
        Account alice = identity.register("alice-keys");
        Account bob = identity.register("bob-keys");
        JsonNode bobsKey = create(bob, bob.userId(), "bobs").json();

        assertThat(create(alice, bob.userId(), "sneaky").status()).isEqualTo(403);
        Answer list = HttpCalls.get(keysUrl() + "?userId=" + bob.userId(), alice.bearer());
        assertThat(list.status()).isEqualTo(403);
        assertThat(list.body()).doesNotContain("bobs");
        assertThat(delete(alice, bob.userId(), bobsKey.path("id").asText()).status()).isEqualTo(403);
        assertThat(delete(alice, alice.userId(), bobsKey.path("id").asText()).status())
                .as("someone else's key id under one's own user id is not found").isEqualTo(404);
    }

    @Test
    void aTenantAdminManagesKeysOfTheirTenantOnlyAndOtherTenantsLookAbsent() throws Exception {
        Account owner = identity.register("acme-owner");
        Account tenantAdmin = identity.userInTenant("acme-admin", owner.tenantId(), Role.TENANT_ADMIN);
        Account outsider = identity.register("globex-user");

        assertThat(create(tenantAdmin, owner.userId(), "for-owner").status()).isEqualTo(201);
        Answer foreign = create(tenantAdmin, outsider.userId(), "for-outsider");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(HttpCalls.get(keysUrl() + "?userId=" + outsider.userId(), tenantAdmin.bearer()).status()).isEqualTo(404);
    }

    @Test
    void anAdminManagesAnyonesKeys() {
        Account someone = identity.register("admin-target");
        Account admin = identity.admin();

        assertThat(create(admin, someone.userId(), "by-admin").status()).isEqualTo(201);
        assertThat(HttpCalls.get(keysUrl() + "?userId=" + someone.userId(), admin.bearer()).json()).hasSize(1);
        assertThat(create(admin, "3f1f1f1f-0000-4000-8000-000000000000", "nobody").status()).isEqualTo(404);
    }

    @Test
    void badInputIs400NamingTheFields() {
        Account dev = identity.register("key-bad-input");

        Answer answer = HttpCalls.post(keysUrl(), "{\"userId\":\"not-a-uuid\",\"name\":\"" + "n".repeat(101)
                + "\",\"expiresInDays\":0}", dev.bearer());
        Answer wrongTenant = HttpCalls.post(keysUrl(), "{\"userId\":\"" + dev.userId() + "\",\"name\":\"x\",\"tenantId\":\""
                + "11111111-1111-4111-8111-111111111111\"}", dev.bearer());
        Answer missingQuery = HttpCalls.get(keysUrl(), dev.bearer());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(PlainErrors.byField(answer).path("userId").asText()).isEqualTo("must be a UUID");
        assertThat(PlainErrors.byField(answer).path("name").asText()).contains("1-100");
        assertThat(PlainErrors.byField(answer).has("expiresInDays")).isTrue();
        assertThat(wrongTenant.status()).isEqualTo(400);
        assertThat(missingQuery.status()).isEqualTo(400);
        assertThat(PlainErrors.byField(missingQuery).path("userId").asText()).isEqualTo("is required");
    }
}
