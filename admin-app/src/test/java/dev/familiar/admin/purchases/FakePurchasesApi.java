package dev.familiar.admin.purchases;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchaseFilter;
import dev.familiar.model.purchases.PurchasePage;
import dev.familiar.model.purchases.PurchaseStep;
import dev.familiar.model.purchases.PurchaseSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Purchase sagas in memory, answering as the server's routes are documented: newest first, the filter applied
 * ({@code PROBLEM}: FAILED or compensated), pages of {@code limit} with the index of the next row as the cursor. Every
 * call is recorded; a failure queued with {@link #failNext} is thrown by the next call.
 */
final class FakePurchasesApi implements PurchasesApi {
    private final Map<String, PurchaseSummary> sagas = new HashMap<>();
    private final Map<String, List<PurchaseStep>> steps = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private RuntimeException nextFailure;

    PurchaseSummary add(String sagaId, String orgId, String status, boolean compensated, String error,
                        Instant createdAt, PurchaseStep... sagaSteps) {
        PurchaseSummary p = new PurchaseSummary(sagaId, "user-" + sagaId, orgId, orgId, "openai", 250_000, 1250,
                "usd", status, compensated, error, "pi_" + sagaId, createdAt, createdAt.plusSeconds(5));
        sagas.put(sagaId, p);
        steps.put(sagaId, List.of(sagaSteps));
        return p;
    }

    FakePurchasesApi failNext(RuntimeException failure) {
        nextFailure = failure;
        return this;
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    private void call(String text) {
        calls.add(text);
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
    }

    @Override
    public PurchasePage list(PurchaseFilter f, String cursor, int limit) {
        call("list status=" + f.status() + " org=" + f.orgId() + " from=" + f.from() + " to=" + f.to() + " cursor="
                + cursor + " limit=" + limit);
        List<PurchaseSummary> matching = sagas.values().stream()
                .filter(p -> f.status() == null || ("PROBLEM".equals(f.status())
                        ? "FAILED".equals(p.status()) || p.compensated() : p.status().equals(f.status())))
                .filter(p -> f.orgId() == null || f.orgId().equals(p.orgId()))
                .filter(p -> f.from() == null || !p.createdAt().isBefore(f.from()))
                .filter(p -> f.to() == null || p.createdAt().isBefore(f.to()))
                .sorted(Comparator.comparing(PurchaseSummary::createdAt).reversed())
                .toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        int end = Math.min(matching.size(), start + limit);
        return new PurchasePage(matching.subList(start, end), end < matching.size() ? Integer.toString(end) : null);
    }

    @Override
    public PurchaseDetail get(String sagaId) {
        call("get " + sagaId);
        PurchaseSummary p = sagas.get(sagaId);
        if (p == null) {
            throw new ApiError(ErrorCode.NOT_FOUND, "No such purchase", 404).withRequestId("req-404");
        }
        return new PurchaseDetail(p, steps.get(sagaId));
    }
}
