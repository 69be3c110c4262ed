package dev.familiar.server.customers;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.auth.Access;
import dev.familiar.server.entitlement.EntitlementStatus;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin's customers page: {@code GET /api/admin/customers?search=&status=&plan=&sort=&cursor=&limit=} (keyset
 * pages of organisations) and {@code GET /api/admin/customers/{orgId}}. ADMIN only.
 */
public final class CustomerRoutes implements RouteModule {
    static final Pattern PLAN_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final int MAX_SEARCH = 200;

    private final Customers customers;

    public CustomerRoutes(Customers customers) {
        this.customers = customers;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/customers", Access.ADMIN, this::list);
        routes.get("/api/admin/customers/{orgId}", Access.ADMIN, this::detail);
    }

    private void list(Context ctx) throws Exception {
        Validation v = new Validation();
        Optional<CustomerStore.Search> search = search(v, ctx.queryParam("search"));
        Optional<EntitlementStatus> status = Optional.empty();
        String statusText = ctx.queryParam("status");
        if (statusText != null) {
            status = Arrays.stream(EntitlementStatus.values()).filter(s -> s.wireName().equals(statusText)).findFirst();
            v.require(status.isPresent(), "status", "must be one of trialing, active, past_due, paused, canceled");
        }
        String plan = ctx.queryParam("plan");
        if (plan != null) {
            v.text("plan", plan, 1, 64, PLAN_CODE, "must be a plan code such as pro");
        }
        String sortText = ctx.queryParam("sort");
        CustomerSort sort = sortText == null ? CustomerSort.DEFAULT : CustomerSort.parse(sortText).orElse(null);
        v.require(sort != null, "sort", "must be one of " + CustomerSort.names());
        Optional<CustomerCursor> cursor = Optional.empty();
        String cursorText = ctx.queryParam("cursor");
        if (cursorText != null) {
            cursor = CustomerCursor.decode(cursorText);
            if (cursor.isEmpty()) {
                v.problem("cursor", "must be the nextCursor of the previous page");
            } else if (sort != null && cursor.get().sort() != sort) {
                v.problem("cursor", "continues the sort " + cursor.get().sort().wireName() + ", not " + sort.wireName()
                        + "; start again without a cursor");
            }
        }
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        ApiResponses.ok(ctx, customers.page(new CustomerStore.PageQuery(search, status, Optional.ofNullable(plan), sort,
                cursor, limit)));
    }

    /** A UUID names one organisation; text with an {@code @} is an e-mail prefix; other text a name prefix. */
    private static Optional<CustomerStore.Search> search(Validation v, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.length() > MAX_SEARCH) {
            v.problem("search", "must be at most " + MAX_SEARCH + " characters long");
            return Optional.empty();
        }
        if (Validation.isUuid(trimmed.toLowerCase(Locale.ROOT))) {
            return Optional.of(new CustomerStore.Search.OrgId(trimmed.toLowerCase(Locale.ROOT)));
        }
        String lower = trimmed.toLowerCase(Locale.ROOT);
        return Optional.of(lower.contains("@") ? new CustomerStore.Search.EmailPrefix(lower)
                : new CustomerStore.Search.NamePrefix(lower));
    }

    private void detail(Context ctx) throws Exception {
        Validation v = new Validation();
        String orgId = v.uuid("orgId", ctx.pathParam("orgId"));
        v.check();
        Customers.Detail detail = customers.detail(orgId);
        if (detail instanceof Customers.Detail.Found found) {
            ApiResponses.ok(ctx, found.customer());
        } else {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No such organisation");
        }
    }
}
