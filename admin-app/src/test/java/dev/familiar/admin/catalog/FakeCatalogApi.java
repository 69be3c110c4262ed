package dev.familiar.admin.catalog;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog in memory that answers as the server does (tier then code order, archive keeps the plan, unknown codes
 * are 404); {@link #failNextWith} makes the next call fail as a refusing server would.
 */
final class FakeCatalogApi implements CatalogApi {
    private final Map<String, PlanItemViewModel> plans = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private RuntimeException nextFailure;

    FakeCatalogApi with(PlanItemViewModel plan) {
        plans.put(plan.code(), plan);
        return this;
    }

    void failNextWith(RuntimeException failure) {
        nextFailure = failure;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    PlanItemViewModel stored(String code) {
        return plans.get(code);
    }

    @Override
    public List<PlanItemViewModel> plans() {
        call("plans");
        return plans.values().stream()
                .sorted(Comparator.comparingInt(PlanItemViewModel::tier).thenComparing(PlanItemViewModel::code))
                .toList();
    }

    @Override
    public PlanItemViewModel save(PlanDraft draft) {
        call("save " + draft.code());
        PlanItemViewModel old = plans.get(draft.code());
        PlanItemViewModel saved = PlanItemViewModel.of(draft, old != null && old.archived());
        plans.put(draft.code(), saved);
        return saved;
    }

    @Override
    public PlanItemViewModel archive(String code) {
        call("archive " + code);
        return setArchived(code, true);
    }

    @Override
    public PlanItemViewModel unarchive(String code) {
        call("unarchive " + code);
        return setArchived(code, false);
    }

    private PlanItemViewModel setArchived(String code, boolean archived) {
        PlanItemViewModel plan = plans.get(code);
        if (plan == null) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No plan " + code + " in the catalog");
        }
        PlanItemViewModel now = plan.withArchived(archived);
        plans.put(code, now);
        return now;
    }

    private void call(String what) {
        calls.add(what);
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
    }
}
