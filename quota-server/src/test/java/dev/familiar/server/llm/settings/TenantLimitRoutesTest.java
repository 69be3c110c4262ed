package dev.familiar.server.llm.settings;

import static dev.familiar.server.llm.settings.TokenSettingsCalls.consume;
import static dev.familiar.server.llm.settings.TokenSettingsCalls.delete;
import static dev.familiar.server.llm.settings.TokenSettingsCalls.get;
import static dev.familiar.server.llm.settings.TokenSettingsCalls.put;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Story 3.2 (a tenant admin sets custom rate limits for their users) on a real server whose clock stands still (no
 * bucket leaks unless a test moves time): within the platform's bounds the tenant admin's new limit lets the users'
 * bucket take more at once; beyond them, or for another tenant, it is refused and nothing changes.
 */
class TenantLimitRoutesTest {
    @TempDir
    static Path tempDir;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    static FamiliarServer server;
    static Identity identity;
    static Account admin;
    static String acme;
    static String globex;
    static Account acmeAdmin;
    static Account globexAdmin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        admin = identity.admin();
        acme = TokenSettingsCalls.tenant(server, admin, "Acme");
        globex = TokenSettingsCalls.tenant(server, admin, "Globex");
        acmeAdmin = identity.userInTenant("acme-admin", acme, Role.TENANT_ADMIN);
        globexAdmin = identity.userInTenant("globex-admin", globex, Role.TENANT_ADMIN);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** A fresh employee of {@code tenant} on GOLD (100,000 tokens a day: only the bucket limits them here). */
    static Account employee(String tenant) throws Exception {
        Account user = identity.userInTenant("emp-" + UUID.randomUUID().toString().substring(0, 8), tenant);
        TokenSettingsCalls.tier(server, admin, user, "GOLD");
        return user;
    }

    @Test
    void aTenantAdminRaisesTheirTenantsLimitWithinTheBoundsAndTheBucketAdmitsMore() throws Exception {
        String stark = TokenSettingsCalls.tenant(server, admin, "Stark");
        Account starkAdmin = identity.userInTenant("stark-admin", stark, Role.TENANT_ADMIN);
        Account user = employee(stark);
        assertThat(consume(server, user, 800).status()).isEqualTo(200);
        Answer refused = consume(server, user, 800); // 1,600 > the platform's 1,000
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("1000");

        Answer raised = put(server, "/tenant-limits/" + stark, "{\"capacity\":5000,\"windowSeconds\":60}", starkAdmin);

        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        JsonNode limit = raised.json().path("data");
        assertThat(limit.path("tenantId").asText()).isEqualTo(stark);
        assertThat(limit.path("tenantName").asText()).isEqualTo("Stark");
        assertThat(limit.path("capacity").asLong()).isEqualTo(5000);
        assertThat(limit.path("windowSeconds").asLong()).isEqualTo(60);
        assertThat(limit.path("leakPerSecond").asDouble()).isEqualTo(5000 / 60.0);
        assertThat(limit.path("custom").asBoolean()).isTrue();
        assertThat(limit.path("updatedBy").asText()).isEqualTo("stark-admin");
        // the same bucket, still at 800 (time stands still), now takes the 800 it refused
        Answer admitted = consume(server, user, 800);
        assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
        assertThat(admitted.header("X-RateLimit-Limit")).isEqualTo("5000");
        assertThat(admitted.header("X-RateLimit-Remaining")).isEqualTo("3400");
        assertThat(auditOutcomes("tokens.tenant-limit.update", stark)).containsExactly("SUCCESS");
        // another tenant's users keep the platform's bucket
        Account other = employee(TokenSettingsCalls.tenant(server, admin, "Wayne"));
        assertThat(consume(server, other, 800).header("X-RateLimit-Limit")).isEqualTo("1000");
    }

    @Test
    void aTenantAdminBeyondThePlatformsBoundsIsRefusedNamingTheBoundAndNothingChanges() throws Exception {
        put(server, "/tenant-limits/" + globex, "{\"capacity\":2000,\"windowSeconds\":100}", globexAdmin);

        Answer capacity = put(server, "/tenant-limits/" + globex, "{\"capacity\":10001,\"windowSeconds\":1000}",
                globexAdmin);
        Answer leak = put(server, "/tenant-limits/" + globex, "{\"capacity\":10000,\"windowSeconds\":60}", globexAdmin);

        assertThat(capacity.status()).isEqualTo(400);
        assertThat(capacity.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(capacity.json().at("/error/details/fields/capacity").asText())
                .contains("at most 10000").contains("FAMILIAR_TENANT_LIMIT_MAX_CAPACITY");
        assertThat(capacity.json().at("/error/details/bounds/maxCapacity").asLong()).isEqualTo(10_000);
        assertThat(leak.status()).isEqualTo(400);
        assertThat(leak.json().at("/error/details/fields/windowSeconds").asText())
                .contains("166.67 tokens/s").contains("at most 100").contains("FAMILIAR_TENANT_LIMIT_MAX_LEAK_PER_SECOND")
                .contains("at least 100 s");
        JsonNode kept = get(server, "/tenant-limits/" + globex, globexAdmin).json().path("data");
        assertThat(kept.path("capacity").asLong()).isEqualTo(2000);
        assertThat(kept.path("windowSeconds").asLong()).isEqualTo(100);
        assertThat(auditOutcomes("tokens.tenant-limit.update", globex)).contains("DENIED (beyond the bounds)");
        // the bounds are the tenant admin's: ADMIN may go beyond them (the window's range binds everyone)
        Answer byAdmin = put(server, "/tenant-limits/" + globex, "{\"capacity\":50000,\"windowSeconds\":60}", admin);
        assertThat(byAdmin.status()).isEqualTo(200);
        assertThat(put(server, "/tenant-limits/" + globex, "{\"capacity\":50000,\"windowSeconds\":86401}", admin)
                .json().at("/error/details/fields/windowSeconds").asText()).contains("between 1 and 86400");
        put(server, "/tenant-limits/" + globex, "{\"capacity\":2000,\"windowSeconds\":100}", admin);
    }

    @Test
    void aTenantAdminCannotReadChangeOrRemoveAnotherTenantsLimit() throws Exception {
        Answer change = put(server, "/tenant-limits/" + globex, "{\"capacity\":100,\"windowSeconds\":60}", acmeAdmin);
        Answer read = get(server, "/tenant-limits/" + globex, acmeAdmin);
        Answer remove = delete(server, "/tenant-limits/" + globex, acmeAdmin);
        Answer preview = put(server, "/tenant-limits/" + globex + "?preview=true",
                "{\"capacity\":100,\"windowSeconds\":60}", acmeAdmin);

        for (Answer a : List.of(change, read, remove, preview)) {
            assertThat(a.status()).as(a.body()).isEqualTo(403);
            assertThat(a.json().at("/error/code").asText()).isEqualTo("FORBIDDEN");
        }
        assertThat(get(server, "/tenant-limits/" + globex, admin).json().at("/data/capacity").asLong())
                .isNotEqualTo(100);
        assertThat(auditOutcomes("tokens.tenant-limit.update", globex)).contains("DENIED (another tenant)");
    }

    @Test
    void aPreviewSaysWhatWouldChangeForWhomAndChangesNothing() throws Exception {
        String initech = TokenSettingsCalls.tenant(server, admin, "Initech");
        Account initechAdmin = identity.userInTenant("initech-admin", initech, Role.TENANT_ADMIN);
        employee(initech);

        Answer preview = put(server, "/tenant-limits/" + initech + "?preview=true",
                "{\"capacity\":3000,\"windowSeconds\":60}", initechAdmin);

        assertThat(preview.status()).isEqualTo(200);
        JsonNode impact = preview.json().path("data");
        assertThat(impact.path("usersAffected").asLong()).isEqualTo(2);
        assertThat(impact.path("tenantsAffected").asLong()).isEqualTo(1);
        assertThat(impact.path("quotasExhausted").asLong()).isZero();
        List<String> lines = new ArrayList<>();
        impact.path("lines").forEach(l -> lines.add(l.path("who").asText() + " | " + l.path("what").asText() + " | "
                + l.path("before").asText() + " | " + l.path("after").asText()));
        assertThat(lines).containsExactly(
                "tenant Initech: 2 users | bucket capacity | 1000 tokens (platform default) | 3000 tokens",
                "tenant Initech: 2 users | window | 100 s (platform default) | 60 s",
                "tenant Initech: 2 users | leak rate | 10 tokens/s (platform default) | 50 tokens/s");
        JsonNode still = get(server, "/tenant-limits/" + initech, initechAdmin).json().path("data");
        assertThat(still.path("custom").asBoolean()).isFalse();
        assertThat(still.path("capacity").asLong()).isEqualTo(1000);
        assertThat(auditOutcomes("tokens.tenant-limit.update", initech)).isEmpty();
    }

    @Test
    void removingALimitPutsTheTenantBackOnThePlatformsBucket() throws Exception {
        String hooli = TokenSettingsCalls.tenant(server, admin, "Hooli");
        Account hooliAdmin = identity.userInTenant("hooli-admin", hooli, Role.TENANT_ADMIN);
        Account user = employee(hooli);
        put(server, "/tenant-limits/" + hooli, "{\"capacity\":4000,\"windowSeconds\":40}", hooliAdmin);
        assertThat(consume(server, user, 10).header("X-RateLimit-Limit")).isEqualTo("4000");

        Answer removed = delete(server, "/tenant-limits/" + hooli, hooliAdmin);

        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().at("/data/custom").asBoolean()).isFalse();
        assertThat(removed.json().at("/data/capacity").asLong()).isEqualTo(1000);
        assertThat(consume(server, user, 10).header("X-RateLimit-Limit")).isEqualTo("1000");
        assertThat(auditOutcomes("tokens.tenant-limit.remove", hooli)).containsExactly("SUCCESS");
    }

    @Test
    void anAdminSeesEveryCustomLimitAndATenantAdminOnlyTheirOwn() throws Exception {
        String umbrella = TokenSettingsCalls.tenant(server, admin, "Umbrella");
        Account umbrellaAdmin = identity.userInTenant("umbrella-admin", umbrella, Role.TENANT_ADMIN);
        put(server, "/tenant-limits/" + acme, "{\"capacity\":5000,\"windowSeconds\":60}", admin);

        JsonNode all = get(server, "/tenant-limits", admin).json().path("data");
        JsonNode own = get(server, "/tenant-limits", umbrellaAdmin).json().path("data");

        List<String> tenants = new ArrayList<>();
        all.path("items").forEach(i -> tenants.add(i.path("tenantId").asText()));
        assertThat(tenants).contains(acme).doesNotContain(umbrella);
        assertThat(all.path("refreshSeconds").asInt()).isEqualTo(5);
        assertThat(all.path("bounds").path("maxCapacity").asLong()).isEqualTo(10_000);
        assertThat(all.path("bounds").path("maxLeakPerSecond").asDouble()).isEqualTo(100);
        assertThat(all.path("bounds").path("defaultCapacity").asLong()).isEqualTo(1000);
        assertThat(all.path("bounds").path("defaultWindowSeconds").asLong()).isEqualTo(100);
        assertThat(own.path("items")).hasSize(1);
        assertThat(own.at("/items/0/tenantId").asText()).isEqualTo(umbrella);
        assertThat(own.at("/items/0/custom").asBoolean()).isFalse();
    }

    @Test
    void anUnknownTenantIs404ForAnAdmin() {
        String nobody = UUID.randomUUID().toString();
        assertThat(put(server, "/tenant-limits/" + nobody, "{\"capacity\":100,\"windowSeconds\":60}", admin).status())
                .isEqualTo(404);
        assertThat(get(server, "/tenant-limits/" + nobody, admin).status()).isEqualTo(404);
        assertThat(delete(server, "/tenant-limits/" + nobody, admin).status()).isEqualTo(404);
    }

    /** The audit entries of {@code action} in {@code tenantId}: the outcome, then any parenthesised reason. */
    static List<String> auditOutcomes(String action, String tenantId) throws Exception {
        return auditOutcomes(action, tenantId, identity);
    }

    static List<String> auditOutcomes(String action, String tenantId, Identity identity) throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT outcome, target FROM audit_log WHERE action = ? "
                     + "AND tenant_id = ? ORDER BY created_at")) {
            ps.setString(1, action);
            ps.setString(2, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String target = rs.getString(2);
                    int reason = target.indexOf(" (");
                    outcomes.add(rs.getString(1) + (reason >= 0 ? target.substring(reason) : ""));
                }
            }
        }
        return outcomes;
    }
}
