package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/**
 * The set-up a real operator does, through the API only: log in as the administrator bootstrapped from
 * {@code FAMILIAR_ADMIN_USERNAME}/{@code _PASSWORD}, optionally enter a plan in the catalog, create an
 * organisation on a plan, mint its plugin an activation code and exchange it for an access token (scopes
 * {@code usage:write entitlements:read}).
 *
 * @param orgId the organisation (tenant) id
 * @param token the plugin's access token for the metered routes
 */
record DrillTenant(String orgId, String token) {
    static final String ADMIN_USERNAME = "drill-admin";
    static final String ADMIN_PASSWORD = "drill-admin-password-1";

    /** The environment that bootstraps the drills' administrator on an empty database. */
    static Map<String, String> adminEnv() {
        return Map.of("FAMILIAR_ADMIN_USERNAME", ADMIN_USERNAME, "FAMILIAR_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    static String adminToken(DrillHttp http, String baseUrl) {
        return http.postOk(baseUrl + "/api/v1/auth/login",
                Map.of("username", ADMIN_USERNAME, "password", ADMIN_PASSWORD), null).path("token").asText();
    }

    /** Enters (or replaces) a monthly plan metering {@code api_call} with {@code includedUnits} in the catalog. */
    static void putPlan(DrillHttp http, String baseUrl, String adminToken, String planCode, long includedUnits) {
        http.putOk(baseUrl + "/api/admin/catalog/plans/" + planCode, Map.of("name", "Drill " + planCode,
                "currency", "usd", "amount", 100, "interval", "month", "trialDays", 0, "tier", 0,
                "includedUnits", Map.of("api_call", includedUnits)), adminToken);
    }

    /** A new organisation on {@code planCode} (active, no trial) and its plugin's access token. */
    static DrillTenant create(DrillHttp http, String baseUrl, String adminToken, String planCode) {
        JsonNode created = http.postOk(baseUrl + "/api/admin/tenants",
                Map.of("name", "Drill org " + UUID.randomUUID(), "planCode", planCode), adminToken);
        String orgId = created.at("/data/orgId").asText();
        String code = http.postOk(baseUrl + "/api/admin/activation-codes",
                Map.of("orgId", orgId, "domain", "drill.example.com"), adminToken).at("/data/activationCode").asText();
        String token = http.postOk(baseUrl + "/api/tokens/activate", Map.of("activationCode", code), null)
                .at("/data/accessToken").asText();
        if (orgId.isEmpty() || token.isEmpty()) {
            throw new IllegalStateException("set-up failed: orgId=" + orgId + ", token present=" + !token.isEmpty());
        }
        return new DrillTenant(orgId, token);
    }
}
