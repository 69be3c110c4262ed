package dev.familiar.admin.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.ApiTransport;
import dev.familiar.model.client.FamiliarClient;
import java.util.List;

/** {@link CatalogApi} over the typed client ({@code /api/admin/catalog/plans}, ADMIN). */
public final class ClientCatalogApi implements CatalogApi {
    private static final TypeReference<List<CatalogPlan>> PLANS = new TypeReference<>() { };
    private final ApiTransport transport;

    public ClientCatalogApi(FamiliarClient client) {
        this.transport = client.transport();
    }

    @Override
    public List<PlanItemViewModel> plans() {
        return transport.get("api/admin/catalog/plans").envelope(PLANS).stream().map(ClientCatalogApi::item).toList();
    }

    @Override
    public PlanItemViewModel save(PlanDraft draft) {
        CatalogPlan body = new CatalogPlan(null, draft.name(), draft.stripePriceId(), draft.currency(), draft.amount(),
                draft.interval(), draft.trialDays(), draft.tier(), draft.includedUnits());
        return item(transport.put("api/admin/catalog/plans/" + draft.code()).body(body).envelope(CatalogPlan.class));
    }

    @Override
    public PlanItemViewModel archive(String code) {
        return item(transport.post("api/admin/catalog/plans/" + code + "/archive").envelope(CatalogPlan.class));
    }

    @Override
    public PlanItemViewModel unarchive(String code) {
        return item(transport.delete("api/admin/catalog/plans/" + code + "/archive").envelope(CatalogPlan.class));
    }

    static PlanItemViewModel item(CatalogPlan plan) {
        return new PlanItemViewModel(plan.code(), plan.name(), plan.stripePriceId(), plan.currency(),
                plan.amount() == null ? 0 : plan.amount(), plan.interval(),
                plan.trialDays() == null ? 0 : plan.trialDays(), plan.tier() == null ? 0 : plan.tier(),
                plan.includedUnits(), false);
    }
}
