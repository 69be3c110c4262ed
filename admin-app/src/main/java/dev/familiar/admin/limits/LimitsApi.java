package dev.familiar.admin.limits;

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

/**
 * What the Quotas and limits screen asks of a server ({@code /api/admin/tokens/*}): tiers and organisation quotas
 * (ADMIN), tenants' leaky-bucket limits (ADMIN for every tenant, a TENANT_ADMIN for their own within the platform's
 * bounds). Every write has a {@code preview…} twin that answers what would change without changing it. Calls block
 * and throw the typed client's {@link dev.familiar.model.api.ApiError} when the server refuses (400 with a problem per
 * field, 403, 409). {@link ClientLimitsApi} is the adapter over the typed client; tests use a fake.
 */
public interface LimitsApi {

    /** Every tier by priority, the default tier and how soon a change reaches every server. */
    TierSettings tiers();

    /** What creating or changing the tier {@code name} would do. */
    SettingsImpact previewTier(String name, TierUpdateRequest request);

    /** Creates or changes the tier {@code name}; answers it as stored. */
    TierSetting putTier(String name, TierUpdateRequest request);

    /** What replacing the whole set of tiers (and the default tier) would do. */
    SettingsImpact previewTiers(TierSetRequest request);

    /** Replaces the whole set of tiers and the default tier; answers the set as stored. */
    TierSettings putTiers(TierSetRequest request);

    /** The tenants' own limits (a TENANT_ADMIN: their own tenant's), the platform's bounds, the refresh bound. */
    TenantLimits tenantLimits();

    /** What giving {@code tenantId} this bucket would do. */
    SettingsImpact previewTenantLimit(String tenantId, TenantLimitRequest request);

    /** Gives {@code tenantId} its own bucket; answers it as stored. */
    TenantLimit putTenantLimit(String tenantId, TenantLimitRequest request);

    /** Puts {@code tenantId} back on the platform defaults; answers the defaults it is now on. */
    TenantLimit removeTenantLimit(String tenantId);

    /** One page of organisation quotas ({@code provider} null: every provider; {@code cursor} null: the first). */
    OrgQuotaPage orgQuotas(String provider, String cursor, int limit);

    /** What giving the organisation {@code totalTokens} per window for {@code provider} would do. */
    SettingsImpact previewOrgQuota(String orgId, String provider, long totalTokens);

    /** Sets the organisation's tokens per window for {@code provider}; answers the quota as stored. */
    OrgQuota putOrgQuota(String orgId, String provider, long totalTokens);
}
