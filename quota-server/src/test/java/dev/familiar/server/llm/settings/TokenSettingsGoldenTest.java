package dev.familiar.server.llm.settings;

import static dev.familiar.server.llm.settings.TokenSettingsCalls.get;
import static dev.familiar.server.llm.settings.TokenSettingsCalls.put;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The token-settings routes' response shapes, pinned to golden files (the tenants' random ids written as names). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenSettingsGoldenTest {
    @TempDir
    static Path tempDir;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    static FamiliarServer server;
    static Account admin;
    static Account acmeAdmin;
    static String acme;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir), clock);
        Identity identity = new Identity(server);
        admin = identity.admin();
        acme = TokenSettingsCalls.tenant(server, admin, "Acme");
        acmeAdmin = identity.userInTenant("acme-admin", acme, Role.TENANT_ADMIN);
        Account gold = identity.userInTenant("acme-gold", acme);
        TokenSettingsCalls.tier(server, admin, gold, "GOLD");
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static void assertGolden(String name, Answer answer) {
        GoldenFiles.assertMatches(name, answer.status(), answer.body().replace(acme, "tenant-acme-id"));
    }

    @Test
    @Order(1)
    void tiers() {
        assertGolden("tokens-settings-tiers-get-200", get(server, "/tiers", admin));
    }

    @Test
    @Order(2)
    void tierPreview() {
        assertGolden("tokens-settings-tier-put-200-preview", put(server, "/tiers/GOLD?preview=true",
                "{\"priority\":3,\"quotaMaxTokens\":50000,\"capacityMultiplier\":2,\"leakMultiplier\":1}", admin));
    }

    @Test
    @Order(3)
    void tierPut() {
        assertGolden("tokens-settings-tier-put-200", put(server, "/tiers/GOLD",
                "{\"priority\":3,\"quotaMaxTokens\":50000,\"capacityMultiplier\":2,\"leakMultiplier\":1}", admin));
    }

    @Test
    @Order(4)
    void tiersPutDroppingATierInUse() {
        assertGolden("tokens-settings-tiers-put-409", put(server, "/tiers", "{\"defaultTier\":\"BRONZE\",\"tiers\":["
                + "{\"name\":\"BRONZE\",\"priority\":1,\"quotaMaxTokens\":1000,\"capacityMultiplier\":1,\"leakMultiplier\":1}]}",
                admin));
    }

    @Test
    @Order(5)
    void tenantLimitOfATenantOnTheDefaults() {
        assertGolden("tokens-settings-tenant-limits-get-200-tenant-admin", get(server, "/tenant-limits", acmeAdmin));
    }

    @Test
    @Order(6)
    void tenantLimitPut() {
        assertGolden("tokens-settings-tenant-limit-put-200", put(server, "/tenant-limits/" + acme,
                "{\"capacity\":5000,\"windowSeconds\":60}", acmeAdmin));
    }

    @Test
    @Order(7)
    void tenantLimitBeyondTheBounds() {
        assertGolden("tokens-settings-tenant-limit-put-400-bounds", put(server, "/tenant-limits/" + acme,
                "{\"capacity\":20000,\"windowSeconds\":60}", acmeAdmin));
    }

    @Test
    @Order(8)
    void orgQuotaPutAndPage() {
        assertGolden("tokens-settings-org-quota-put-200", put(server, "/org-quotas/" + acme + "/openai",
                "{\"totalTokens\":200000}", admin));
        assertGolden("tokens-settings-org-quotas-get-200", HttpCalls.get(server.baseUrl()
                + "/api/admin/tokens/org-quotas?provider=openai&limit=10", admin.bearer()));
    }
}
