package dev.familiar.model.client;

import dev.familiar.model.customers.CustomerDetail;
import dev.familiar.model.customers.CustomerPage;
import dev.familiar.model.customers.CustomerQuery;

/** The admin's customers ({@code /api/admin/customers}, ADMIN). Reach it through {@link FamiliarClient#customers()}. */
public final class CustomersClient {
    private final ApiTransport transport;

    CustomersClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** One page; follow {@link CustomerPage#nextCursor()} with {@code query.withCursor(…)}. */
    public CustomerPage list(CustomerQuery query) {
        return transport.get("api/admin/customers")
                .query("search", query.search()).query("status", query.status()).query("plan", query.plan())
                .query("sort", query.sort()).query("cursor", query.cursor()).query("limit", query.limit())
                .envelope(CustomerPage.class);
    }

    public CustomerDetail get(String orgId) {
        return transport.get("api/admin/customers/" + orgId).envelope(CustomerDetail.class);
    }
}
