package dev.familiar.admin.catalog;

import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.model.client.CatalogClient;
import java.util.List;
import java.util.Objects;

/** {@link CatalogApi} over the typed client's catalog area ({@code client.catalog()}, ADMIN). */
public final class ClientCatalogApi implements CatalogApi {
    private final CatalogClient catalog;

    public ClientCatalogApi(CatalogClient catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public List<PlanItemViewModel> plans() {
        return catalog.list(CatalogClient.Archived.ALL).stream().map(ClientCatalogApi::item).toList();
    }

    @Override
    public PlanItemViewModel save(PlanDraft draft) {
        // The archive state is left out: it changes only through archive and unarchive.
        return item(catalog.put(draft.code(), CatalogPlan.of(draft.name(), draft.stripePriceId(), draft.currency(),
                draft.amount(), draft.interval(), draft.trialDays(), draft.tier(), draft.includedUnits())));
    }

    @Override
    public PlanItemViewModel archive(String code) {
        return item(catalog.archive(code));
    }

    @Override
    public PlanItemViewModel unarchive(String code) {
        return item(catalog.unarchive(code));
    }

    static PlanItemViewModel item(CatalogPlan plan) {
        return new PlanItemViewModel(plan.code(), plan.name(), plan.stripePriceId(), plan.currency(),
                plan.amount() == null ? 0 : plan.amount(), plan.interval(),
                plan.trialDays() == null ? 0 : plan.trialDays(), plan.tier() == null ? 0 : plan.tier(),
                plan.includedUnits(), Boolean.TRUE.equals(plan.archived()));
    }
}
