package dev.familiar.admin.limits;

import dev.familiar.model.client.TokenSettingsClient;
import dev.familiar.model.tokens.OrgQuota;
import dev.familiar.model.tokens.OrgQuotaPage;
import dev.familiar.model.tokens.SettingsImpact;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TenantLimits;
import dev.familiar.model.tokens.TierSetRequest;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierSettings;
import dev.familiar.model.tokens.TierUpdateRequest;
import java.util.Objects;

/** {@link LimitsApi} over the typed client's token settings ({@code client.tokenSettings()}). */
public final class ClientLimitsApi implements LimitsApi {
    private final TokenSettingsClient settings;

    public ClientLimitsApi(TokenSettingsClient settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public TierSettings tiers() {
        return settings.tiers();
    }

    @Override
    public SettingsImpact previewTier(String name, TierUpdateRequest request) {
        return settings.previewTier(name, request);
    }

    @Override
    public TierSetting putTier(String name, TierUpdateRequest request) {
        return settings.putTier(name, request);
    }

    @Override
    public SettingsImpact previewTiers(TierSetRequest request) {
        return settings.previewTiers(request);
    }

    @Override
    public TierSettings putTiers(TierSetRequest request) {
        return settings.putTiers(request);
    }

    @Override
    public TenantLimits tenantLimits() {
        return settings.tenantLimits();
    }

    @Override
    public SettingsImpact previewTenantLimit(String tenantId, TenantLimitRequest request) {
        return settings.previewTenantLimit(tenantId, request);
    }

    @Override
    public TenantLimit putTenantLimit(String tenantId, TenantLimitRequest request) {
        return settings.putTenantLimit(tenantId, request);
    }

    @Override
    public TenantLimit removeTenantLimit(String tenantId) {
        return settings.removeTenantLimit(tenantId);
    }

    @Override
    public OrgQuotaPage orgQuotas(String provider, String cursor, int limit) {
        return settings.orgQuotas(provider, cursor, limit);
    }

    @Override
    public SettingsImpact previewOrgQuota(String orgId, String provider, long totalTokens) {
        return settings.previewOrgQuota(orgId, provider, totalTokens);
    }

    @Override
    public OrgQuota putOrgQuota(String orgId, String provider, long totalTokens) {
        return settings.putOrgQuota(orgId, provider, totalTokens);
    }
}
