package dev.familiar.admin.limits;

import dev.familiar.model.tokens.OrgQuota;
import java.util.Objects;

/** One row of the organisation quotas table. */
public record OrgQuotaItemViewModel(OrgQuota quota) {
    public OrgQuotaItemViewModel {
        Objects.requireNonNull(quota, "quota");
    }

    /** The draft key and identity of the row: organisation and provider. */
    public String key() {
        return quota.orgId() + "/" + quota.provider();
    }

    public String orgText() {
        return quota.orgName() == null || quota.orgName().isBlank() ? quota.orgId() : quota.orgName();
    }

    public String provider() {
        return quota.provider();
    }

    public String totalText() {
        return LimitsFormat.number(quota.totalTokens());
    }

    /** "9,000 (90%)". */
    public String usedText() {
        long total = quota.totalTokens();
        return LimitsFormat.number(quota.usedTokens())
                + (total > 0 ? " (" + Math.round(100.0 * quota.usedTokens() / total) + "%)" : "");
    }

    /** "86,400 s from 2026-11-29 00:00 UTC". */
    public String windowText() {
        String start = LimitsFormat.time(quota.windowStart());
        return LimitsFormat.number(quota.windowSeconds()) + " s" + (start.isEmpty() ? "" : " from " + start);
    }

    /** True when the window's tokens are used up. */
    public boolean exhausted() {
        return quota.usedTokens() >= quota.totalTokens();
    }
}
