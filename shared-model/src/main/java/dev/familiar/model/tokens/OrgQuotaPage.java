package dev.familiar.model.tokens;

import java.util.List;

/** {@code GET /api/admin/tokens/org-quotas?provider=&cursor=&limit=}: by organisation, then provider. */
public record OrgQuotaPage(List<OrgQuota> items, String nextCursor) {
    public OrgQuotaPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
