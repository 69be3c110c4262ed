package dev.familiar.admin.purchases;

import dev.familiar.model.client.PurchasesClient;
import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchaseFilter;
import dev.familiar.model.purchases.PurchasePage;
import java.util.Objects;

/** {@link PurchasesApi} over the typed client's purchases area ({@code client.purchases()}). */
public final class ClientPurchasesApi implements PurchasesApi {
    private final PurchasesClient purchases;

    public ClientPurchasesApi(PurchasesClient purchases) {
        this.purchases = Objects.requireNonNull(purchases, "purchases");
    }

    @Override
    public PurchasePage list(PurchaseFilter filter, String cursor, int limit) {
        return purchases.list(filter, cursor, limit);
    }

    @Override
    public PurchaseDetail get(String sagaId) {
        return purchases.get(sagaId);
    }
}
