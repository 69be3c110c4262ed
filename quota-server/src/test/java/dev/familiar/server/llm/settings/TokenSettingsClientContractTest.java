package dev.familiar.server.llm.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.client.TokenSettingsClient;
import dev.familiar.model.tokens.OrgQuota;
import dev.familiar.model.tokens.SettingsImpact;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TenantLimits;
import dev.familiar.model.tokens.TierSetRequest;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierSettings;
import dev.familiar.model.tokens.TierUpdateRequest;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.TypedClients;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TokenSettingsClient} (what the console's Quotas and limits screen calls) against a real server: every
 * method's route, query and shape, and the errors it throws as the typed {@link ApiError}.
 */
class TokenSettingsClientContractTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static TypedClients clients;
    static TokenSettingsClient asAdmin;
    static TokenSettingsClient asTenantAdmin;
    static String tenant;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        Account admin = identity.admin();
        tenant = TokenSettingsCalls.tenant(server, admin, "Contract");
        Account tenantAdmin = identity.userInTenant("contract-admin", tenant, Role.TENANT_ADMIN);
        clients = new TypedClients(server);
        asAdmin = clients.as(admin).tokenSettings();
        asTenantAdmin = clients.as(tenantAdmin).tokenSettings();
    }

    @AfterAll
    static void stop() {
        clients.close();
        server.stop();
    }

    @Test
    void tiersAreReadPreviewedAndWritten() {
        TierSettings tiers = asAdmin.tiers();
        assertThat(tiers.defaultTier()).isEqualTo("BRONZE");
        assertThat(tiers.refreshSeconds()).isEqualTo(5);
        assertThat(asAdmin.tier("GOLD").quotaMaxTokens()).isEqualTo(100_000);

        TierUpdateRequest iron = new TierUpdateRequest(6, 2_000, 1.5, 1);
        SettingsImpact preview = asAdmin.previewTier("IRON", iron);
        TierSetting created = asAdmin.putTier("IRON", iron);

        assertThat(preview.lines()).singleElement().satisfies(l -> assertThat(l.who()).isEqualTo("tier IRON: new"));
        assertThat(created).isEqualTo(new TierSetting("IRON", 6, 2_000, 1.5, 1, 0L));
        List<TierSetting> without = new ArrayList<>(asAdmin.tiers().tiers());
        without.removeIf(t -> t.name().equals("IRON"));
        TierSetRequest set = new TierSetRequest("BRONZE", without);
        assertThat(asAdmin.previewTiers(set).lines()).extracting(l -> l.after()).containsExactly("removed");
        assertThat(asAdmin.putTiers(set).tiers()).extracting(TierSetting::name).doesNotContain("IRON");
        ApiError dropDefault = catchThrowableOfType(ApiError.class, () -> asAdmin.putTiers(new TierSetRequest("GOLD",
                without.stream().filter(t -> !t.name().equals("BRONZE")).toList())));
        assertThat(dropDefault.code()).isEqualTo(ErrorCode.TIER_IN_USE);
        assertThat(dropDefault.status()).isEqualTo(409);
    }

    @Test
    void aTenantAdminReadsPreviewsSetsAndRemovesTheirOwnLimit() {
        TenantLimits mine = asTenantAdmin.tenantLimits();
        assertThat(mine.items()).extracting(TenantLimit::tenantId).containsExactly(tenant);
        assertThat(mine.bounds().maxCapacity()).isEqualTo(10_000);

        SettingsImpact preview = asTenantAdmin.previewTenantLimit(tenant, new TenantLimitRequest(3000, 60));
        TenantLimit set = asTenantAdmin.putTenantLimit(tenant, new TenantLimitRequest(3000, 60));
        TenantLimit removed = asTenantAdmin.removeTenantLimit(tenant);

        assertThat(preview.tenantsAffected()).isEqualTo(1);
        assertThat(set.custom()).isTrue();
        assertThat(set.leakPerSecond()).isEqualTo(50);
        assertThat(removed.custom()).isFalse();
        assertThat(asTenantAdmin.tenantLimit(tenant).capacity()).isEqualTo(1000);
        ApiError beyond = catchThrowableOfType(ApiError.class,
                () -> asTenantAdmin.putTenantLimit(tenant, new TenantLimitRequest(20_000, 600)));
        assertThat(beyond.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        ApiError other = catchThrowableOfType(ApiError.class,
                () -> asTenantAdmin.putTenantLimit("tenant-elsewhere", new TenantLimitRequest(10, 60)));
        assertThat(other.code()).isEqualTo(ErrorCode.FORBIDDEN);
    }

    @Test
    void orgQuotasArePreviewedSetAndPaged() {
        SettingsImpact preview = asAdmin.previewOrgQuota(tenant, "gemini", 30_000);
        OrgQuota set = asAdmin.putOrgQuota(tenant, "gemini", 30_000);

        assertThat(preview.lines()).singleElement().satisfies(l -> assertThat(l.before()).isEqualTo("no quota"));
        assertThat(set.totalTokens()).isEqualTo(30_000);
        assertThat(set.orgName()).isEqualTo("Contract");
        assertThat(asAdmin.orgQuotas("gemini", null, 10).items()).contains(set);
        assertThat(asAdmin.orgQuotas(null, null, null).nextCursor()).isNull();
    }
}
