package dev.familiar.admin.catalog;

import java.util.List;

/**
 * What the catalog screen asks of the server: the narrow port its view model is tested against (a fake in
 * {@code CatalogViewModelTest}, {@link ClientCatalogApi} over the typed client otherwise). Calls block; they throw
 * {@link dev.familiar.model.api.ApiError} when the server refuses.
 */
public interface CatalogApi {

    /** Every plan, archived ones included, in the server's order (tier, then code). */
    List<PlanItemViewModel> plans();

    /** Creates the plan {@code draft.code()} or replaces it; answers the plan as stored. */
    PlanItemViewModel save(PlanDraft draft);

    /** Stops new customers from taking the plan (those on it keep it); answers the plan as stored. */
    PlanItemViewModel archive(String code);

    /** Opens an archived plan to new customers again; answers the plan as stored. */
    PlanItemViewModel unarchive(String code);
}
