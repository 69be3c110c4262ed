package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.Identity.Org;
import dev.familiar.server.auth.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;

/**
 * What the fuzz drill's requests can name: a running server with credentials of every kind its routes accept
 * (ADMIN, USER and TENANT_ADMIN tokens, an API key, a plugin's activation token) and ids that exist (users,
 * organisations, a purchase saga, plan codes, a webhook event, one-time activation codes, a refresh token).
 * Ids that the drill may consume or break (the refresh token, codes, a revocable key, an organisation to pause)
 * are separate from the ones the credentials depend on, so the run keeps its credentials to the end.
 */
final class FuzzWorld {
    /** The callers a request is sent as. */
    enum Credential {
        NONE, ADMIN, USER, TENANT_ADMIN, API_KEY, API_KEY_AS_BEARER, PLUGIN, FORGED
    }

    final FamiliarServer server;
    final String baseUrl;
    final Account admin;
    final Account user;
    final Account member;
    final Account tenantAdmin;
    final Org org;
    final Org spareOrg;
    final String billingOrgId;
    final String apiKey;
    final String revokedApiKey;
    final String spareApiKeyId;
    final List<String> activationCodes = new ArrayList<>();
    final String spareRefreshToken;
    final String sagaId;
    final List<String> planCodes = new ArrayList<>();
    final String webhookEventId;
    final Map<String, List<String>> idPools = new LinkedHashMap<>();

    FuzzWorld(FamiliarServer server) throws Exception {
        this.server = server;
        this.baseUrl = server.baseUrl();
        Identity identity = new Identity(server);
        admin = identity.admin();
        user = identity.register("fuzz-user");
        org = org("pro", 0);
        spareOrg = org("starter", 14);
        // an organisation with a billing account (sign-up makes one), so plan and payment routes get past "no such"
        billingOrgId = expect(HttpCalls.post(baseUrl + "/api/signup",
                "{\"orgName\":\"Fuzz billing\",\"email\":\"billing@fuzz.example\"}"), 200, "sign-up")
                .json().at("/data/orgId").asText();
        tenantAdmin = identity.userInTenant("fuzz-tenant-admin", billingOrgId, Role.TENANT_ADMIN);
        member = identity.userInTenant("fuzz-member", org.orgId());

        apiKey = createApiKey(user, "fuzz-credential").path("rawKey").asText();
        JsonNode revoked = createApiKey(user, "fuzz-revoked");
        revokedApiKey = revoked.path("rawKey").asText();
        expect(HttpCalls.call(new Request.Builder().url(baseUrl + "/api/v1/auth/api-keys?userId=" + user.userId()
                + "&apiKeyId=" + revoked.path("id").asText()).headers(okhttp3.Headers.of(user.bearer())).delete().build()),
                204, "revoke an API key");
        spareApiKeyId = createApiKey(user, "fuzz-spare").path("id").asText();

        for (int i = 0; i < 3; i++) {
            activationCodes.add(activationCode(spareOrg.orgId()));
        }
        Answer pair = HttpCalls.post(baseUrl + "/api/tokens/activate",
                "{\"activationCode\":\"" + activationCode(spareOrg.orgId()) + "\"}");
        spareRefreshToken = expect(pair, 200, "activate").json().at("/data/refreshToken").asText();

        expect(HttpCalls.post(baseUrl + "/api/v1/tokens/quota/org", "{\"orgId\":\"" + org.orgId()
                + "\",\"provider\":\"openai\",\"totalTokens\":1000000}", admin.bearer()), 200, "org quota");
        sagaId = expect(HttpCalls.post(baseUrl + "/api/v1/tokens/purchase", "{\"userId\":\"" + user.userId()
                + "\",\"provider\":\"openai\",\"tokens\":1000}", user.bearer()), 202, "purchase").json().path("sagaId").asText();
        expect(HttpCalls.get(baseUrl + "/api/admin/catalog/plans", admin.bearer()), 200, "plans").json().path("data")
                .forEach(p -> planCodes.add(p.path("code").asText()));
        // An event in the inbox so replay and the event list have something to name; refused when unsigned
        // events are not accepted, and then the id is simply unknown.
        webhookEventId = "evt_fuzzseed";
        HttpCalls.post(baseUrl + "/api/webhooks/stripe", "{\"id\":\"" + webhookEventId
                + "\",\"type\":\"invoice.paid\",\"created\":" + (System.currentTimeMillis() / 1000)
                + ",\"data\":{\"object\":{}}}");

        idPools.put("userId", List.of(user.userId(), member.userId(), tenantAdmin.userId(), admin.userId()));
        idPools.put("orgId", List.of(org.orgId(), billingOrgId, spareOrg.orgId(), user.tenantId()));
        idPools.put("tenantId", List.of(org.orgId(), billingOrgId, user.tenantId(), admin.tenantId()));
        idPools.put("sagaId", List.of(sagaId));
        idPools.put("apiKeyId", List.of(spareApiKeyId));
        idPools.put("id", List.of(spareApiKeyId, sagaId));
    }

    /** The organisation path parameters of admin billing operations name (pausing it does not matter). */
    List<String> billingPathOrgs() {
        return List.of(spareOrg.orgId(), billingOrgId, user.tenantId());
    }

    Optional<List<String>> ids(String field) {
        return Optional.ofNullable(idPools.get(field));
    }

    /** The headers of one caller; {@code variant} picks one of the forged ones. */
    Map<String, String> headers(Credential credential, int variant) {
        return switch (credential) {
            case NONE -> Map.of();
            case ADMIN -> admin.bearer();
            case USER -> user.bearer();
            case TENANT_ADMIN -> tenantAdmin.bearer();
            case API_KEY -> Map.of("X-Api-Key", apiKey);
            case API_KEY_AS_BEARER -> Map.of("Authorization", "Bearer " + apiKey);
            case PLUGIN -> org.bearer();
            case FORGED -> forged().get(Math.floorMod(variant, forged().size()));
        };
    }

    private List<Map<String, String>> forged() {
        String token = user.token();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        return List.of(
                Map.of("Authorization", "Bearer not-a-token"),
                Map.of("Authorization", "Bearer " + tampered),
                Map.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGVzIjpbIkFETUlOIl19."),
                Map.of("Authorization", "Basic cm9vdC1hZG1pbjpwYXNzd29yZA=="),
                Map.of("Authorization", "Bearer "),
                Map.of("X-Api-Key", revokedApiKey),
                Map.of("X-Api-Key", "fam_" + "0".repeat(40)),
                Map.of("Authorization", "Bearer " + spareRefreshToken));
    }

    /** Like {@link Identity#org}, with the admin already logged in (each login costs a 600,000-round PBKDF2). */
    private Org org(String planCode, int trialDays) {
        String orgId = expect(HttpCalls.post(baseUrl + "/api/admin/tenants", "{\"name\":\"Fuzz " + planCode
                + "\",\"planCode\":\"" + planCode + "\",\"trialDays\":" + trialDays + "}", admin.bearer()), 201,
                "tenant").json().at("/data/orgId").asText();
        String token = expect(HttpCalls.post(baseUrl + "/api/tokens/activate", "{\"activationCode\":\""
                + activationCode(orgId) + "\"}"), 200, "activate").json().at("/data/accessToken").asText();
        return new Org(orgId, token);
    }

    private JsonNode createApiKey(Account owner, String name) {
        return expect(HttpCalls.post(baseUrl + "/api/v1/auth/api-keys",
                "{\"userId\":\"" + owner.userId() + "\",\"name\":\"" + name + "\"}", owner.bearer()), 201, "API key").json();
    }

    private String activationCode(String orgId) {
        return expect(HttpCalls.post(baseUrl + "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", admin.bearer()), 201, "activation code")
                .json().at("/data/activationCode").asText();
    }

    private static Answer expect(Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException("drill set-up, " + what + ": " + answer.status() + " " + answer.body());
        }
        return answer;
    }
}
