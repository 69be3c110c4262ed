package dev.familiar.admin.purchases;

import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchaseFilter;
import dev.familiar.model.purchases.PurchasePage;

/**
 * What the Purchases screen asks of a server ({@code /api/admin/purchases…}, ADMIN): one page of token purchase
 * sagas under a filter, and one saga with its steps. Calls block and throw the typed client's
 * {@link dev.familiar.model.api.ApiError} when the server refuses. {@link ClientPurchasesApi} is the adapter over the
 * typed client; tests use a fake.
 */
public interface PurchasesApi {

    /** One page of sagas, newest first; {@code cursor} null: the first page. */
    PurchasePage list(PurchaseFilter filter, String cursor, int limit);

    /** One saga and its steps, oldest first (404 NOT_FOUND when unknown). */
    PurchaseDetail get(String sagaId);
}
