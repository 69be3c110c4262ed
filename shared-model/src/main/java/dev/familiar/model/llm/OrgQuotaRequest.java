package dev.familiar.model.llm;

/** {@code POST /api/v1/tokens/quota/org} (admin): an organisation's tokens per month for one provider. */
public record OrgQuotaRequest(String orgId, String provider, Long totalTokens) {
}
