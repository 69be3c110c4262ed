package dev.familiar.model.client;

import dev.familiar.model.tokens.OrgQuota;
import dev.familiar.model.tokens.OrgQuotaPage;
import dev.familiar.model.tokens.OrgQuotaRequest;
import dev.familiar.model.tokens.SettingsImpact;
import dev.familiar.model.tokens.TenantLimit;
import dev.familiar.model.tokens.TenantLimitRequest;
import dev.familiar.model.tokens.TenantLimits;
import dev.familiar.model.tokens.TierSetRequest;
import dev.familiar.model.tokens.TierSetting;
import dev.familiar.model.tokens.TierSettings;
import dev.familiar.model.tokens.TierUpdateRequest;

/**
 * Token settings at run time ({@code /api/admin/tokens/*}): tiers and organisation quotas (ADMIN), tenants' leaky
 * bucket limits (ADMIN for every tenant; a TENANT_ADMIN for their own, within the platform's bounds). Every write
 * has a preview ({@code ?preview=true}) that answers what would change without changing it. A change reaches every
 * server within {@code refreshSeconds}. Reach it through {@link FamiliarClient#tokenSettings()}.
 */
public final class TokenSettingsClient {
    private final ApiTransport transport;

    TokenSettingsClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/admin/tokens/tiers}. */
    public TierSettings tiers() {
        return transport.get("api/admin/tokens/tiers").envelope(TierSettings.class);
    }

    /** {@code GET /api/admin/tokens/tiers/{name}}. */
    public TierSetting tier(String name) {
        return transport.get("api/admin/tokens/tiers/" + ApiPaths.segment(name)).envelope(TierSetting.class);
    }

    /** {@code PUT /api/admin/tokens/tiers}: replaces the whole set. */
    public TierSettings putTiers(TierSetRequest request) {
        return transport.put("api/admin/tokens/tiers").body(request).envelope(TierSettings.class);
    }

    /** {@code PUT /api/admin/tokens/tiers?preview=true}. */
    public SettingsImpact previewTiers(TierSetRequest request) {
        return transport.put("api/admin/tokens/tiers").query("preview", true).body(request)
                .envelope(SettingsImpact.class);
    }

    /** {@code PUT /api/admin/tokens/tiers/{name}}: creates or changes one tier. */
    public TierSetting putTier(String name, TierUpdateRequest request) {
        return transport.put("api/admin/tokens/tiers/" + ApiPaths.segment(name)).body(request)
                .envelope(TierSetting.class);
    }

    /** {@code PUT /api/admin/tokens/tiers/{name}?preview=true}. */
    public SettingsImpact previewTier(String name, TierUpdateRequest request) {
        return transport.put("api/admin/tokens/tiers/" + ApiPaths.segment(name)).query("preview", true).body(request)
                .envelope(SettingsImpact.class);
    }

    /** {@code GET /api/admin/tokens/tenant-limits}. */
    public TenantLimits tenantLimits() {
        return transport.get("api/admin/tokens/tenant-limits").envelope(TenantLimits.class);
    }

    /** {@code GET /api/admin/tokens/tenant-limits/{tenantId}}: the tenant's own limit, or the defaults it is on. */
    public TenantLimit tenantLimit(String tenantId) {
        return transport.get("api/admin/tokens/tenant-limits/" + ApiPaths.segment(tenantId))
                .envelope(TenantLimit.class);
    }

    /** {@code PUT /api/admin/tokens/tenant-limits/{tenantId}} {@code {capacity, windowSeconds}}. */
    public TenantLimit putTenantLimit(String tenantId, TenantLimitRequest request) {
        return transport.put("api/admin/tokens/tenant-limits/" + ApiPaths.segment(tenantId)).body(request)
                .envelope(TenantLimit.class);
    }

    /** {@code PUT /api/admin/tokens/tenant-limits/{tenantId}?preview=true}. */
    public SettingsImpact previewTenantLimit(String tenantId, TenantLimitRequest request) {
        return transport.put("api/admin/tokens/tenant-limits/" + ApiPaths.segment(tenantId)).query("preview", true)
                .body(request).envelope(SettingsImpact.class);
    }

    /** {@code DELETE /api/admin/tokens/tenant-limits/{tenantId}}: back to the platform defaults. */
    public TenantLimit removeTenantLimit(String tenantId) {
        return transport.delete("api/admin/tokens/tenant-limits/" + ApiPaths.segment(tenantId))
                .envelope(TenantLimit.class);
    }

    /** {@code GET /api/admin/tokens/org-quotas?provider=&cursor=&limit=}. */
    public OrgQuotaPage orgQuotas(String provider, String cursor, Integer limit) {
        return transport.get("api/admin/tokens/org-quotas").query("provider", provider).query("cursor", cursor)
                .query("limit", limit).envelope(OrgQuotaPage.class);
    }

    /** {@code PUT /api/admin/tokens/org-quotas/{orgId}/{provider}} {@code {totalTokens}}. */
    public OrgQuota putOrgQuota(String orgId, String provider, long totalTokens) {
        return transport.put("api/admin/tokens/org-quotas/" + ApiPaths.segment(orgId) + "/" + ApiPaths.segment(provider))
                .body(new OrgQuotaRequest(totalTokens)).envelope(OrgQuota.class);
    }

    /** {@code PUT /api/admin/tokens/org-quotas/{orgId}/{provider}?preview=true}. */
    public SettingsImpact previewOrgQuota(String orgId, String provider, long totalTokens) {
        return transport.put("api/admin/tokens/org-quotas/" + ApiPaths.segment(orgId) + "/" + ApiPaths.segment(provider))
                .query("preview", true).body(new OrgQuotaRequest(totalTokens)).envelope(SettingsImpact.class);
    }
}
