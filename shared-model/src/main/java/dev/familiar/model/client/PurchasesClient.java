package dev.familiar.model.client;

import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchaseFilter;
import dev.familiar.model.purchases.PurchasePage;

/** Token purchase sagas as administrators see them ({@code /api/admin/purchases}, ADMIN). */
public final class PurchasesClient {
    private final ApiTransport transport;

    PurchasesClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/admin/purchases?status=&orgId=&from=&to=&cursor=&limit=} ({@code limit} 1-500, default 100). */
    public PurchasePage list(PurchaseFilter filter, String cursor, Integer limit) {
        PurchaseFilter f = filter == null ? PurchaseFilter.all() : filter;
        return transport.get("api/admin/purchases").query("status", f.status()).query("orgId", f.orgId())
                .query("from", f.from()).query("to", f.to()).query("cursor", cursor).query("limit", limit)
                .envelope(PurchasePage.class);
    }

    /** {@code GET /api/admin/purchases/{sagaId}}: the saga and its steps; unknown is NOT_FOUND (404). */
    public PurchaseDetail get(String sagaId) {
        return transport.get("api/admin/purchases/" + ApiPaths.segment(sagaId)).envelope(PurchaseDetail.class);
    }
}
