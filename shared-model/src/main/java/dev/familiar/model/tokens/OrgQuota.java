package dev.familiar.model.tokens;

import java.time.Instant;

/**
 * An organisation's token quota for one provider ({@code /api/admin/tokens/org-quotas}): tokens per window, used in
 * the current window, the window's length and start.
 */
public record OrgQuota(String orgId, String orgName, String provider, long totalTokens, long usedTokens,
                       long windowSeconds, Instant windowStart) {
}
