package dev.familiar.model.tokens;

/** {@code PUT /api/admin/tokens/org-quotas/{orgId}/{provider}}: the organisation's tokens per window. */
public record OrgQuotaRequest(long totalTokens) {
}
