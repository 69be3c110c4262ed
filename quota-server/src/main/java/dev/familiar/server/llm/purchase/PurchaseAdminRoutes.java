package dev.familiar.server.llm.purchase;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.purchases.PurchaseDetail;
import dev.familiar.model.purchases.PurchasePage;
import dev.familiar.model.purchases.PurchaseSummary;
import dev.familiar.server.auth.Access;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.KeysetCursor;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Token purchase sagas for administrators (issue 16, ADMIN, envelope family): {@code GET /api/admin/purchases}
 * (keyset pages newest first, by status or PROBLEM, organisation and created time) and
 * {@code GET /api/admin/purchases/{sagaId}} (the saga and its steps; sagas started before V20 have none).
 */
public final class PurchaseAdminRoutes implements RouteModule {
    static final List<String> STATUSES;

    static {
        List<String> all = new ArrayList<>();
        for (Purchase.Status s : Purchase.Status.values()) {
            all.add(s.name());
        }
        all.add(PurchaseQueries.PROBLEM);
        STATUSES = List.copyOf(all);
    }

    private static final String EXAMPLE_INSTANT = "2026-01-31T00:00:00Z";

    private final PurchaseQueries queries;

    public PurchaseAdminRoutes(PurchaseQueries queries) {
        this.queries = queries;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/purchases", Access.ADMIN, this::list);
        routes.get("/api/admin/purchases/{sagaId}", Access.ADMIN, this::detail);
    }

    private void list(Context ctx) throws Exception {
        Validation v = new Validation();
        String status = ctx.queryParam("status");
        v.require(status == null || STATUSES.contains(status), "status", "must be one of " + String.join(", ", STATUSES));
        String orgId = v.optionalUuid("orgId", ctx.queryParam("orgId"));
        Instant from = v.optionalInstant("from", ctx.queryParam("from"), EXAMPLE_INSTANT);
        Instant to = v.optionalInstant("to", ctx.queryParam("to"), EXAMPLE_INSTANT);
        v.require(from == null || to == null || from.isBefore(to), "to", "must be after from");
        String cursorText = ctx.queryParam("cursor");
        Optional<KeysetCursor> cursor = cursorText == null ? Optional.empty() : KeysetCursor.decode(cursorText);
        v.require(cursorText == null || cursor.isPresent(), "cursor", "must be a nextCursor this list answered");
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), 100, 1, 500);
        v.check();
        PurchaseQueries.Page page = queries.page(new PurchaseQueries.Filter(Optional.ofNullable(status),
                Optional.ofNullable(orgId), Optional.ofNullable(from), Optional.ofNullable(to)), cursor, limit);
        ApiResponses.ok(ctx, new PurchasePage(page.items(), page.next().map(KeysetCursor::encode).orElse(null)));
    }

    private void detail(Context ctx) throws Exception {
        String sagaId = ctx.pathParam("sagaId");
        Validation v = new Validation();
        v.uuid("sagaId", sagaId);
        v.check();
        PurchaseSummary purchase = queries.find(sagaId)
                .orElseThrow(() -> ApiError.of(ErrorCode.NOT_FOUND, "no such purchase"));
        ApiResponses.ok(ctx, new PurchaseDetail(purchase, queries.steps(sagaId)));
    }
}
