package dev.familiar.server.catalog;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.billing.CatalogPlan;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.audit.Auditor;
import dev.familiar.server.auth.Access;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local catalog (admin): {@code GET /api/admin/catalog/plans[?archived=true|false|all]},
 * {@code PUT /api/admin/catalog/plans/{code}}, and {@code POST}/{@code DELETE …/{code}/archive}. Products and prices
 * are created in Stripe first, then entered here with their Stripe price id. An archived plan takes no new customers
 * (sign-up, a plan change to it, a new organisation on it: 409 {@code PLAN_ARCHIVED}); organisations on it keep it.
 * A plan may name a directory group ({@code directoryGroupId}, issue 15) that the owners of organisations signing up
 * on it join; a PUT checks that the group exists in the live directory (400 otherwise).
 */
public final class CatalogRoutes implements RouteModule {
    static final Pattern PLAN_CODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern PRICE_ID = Pattern.compile("price_[A-Za-z0-9]{1,249}");
    static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    /** Entra object ids are GUIDs; local group ids are ours: letters, digits and a few separators. */
    static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,254}");
    static final long MAX_AMOUNT = 100_000_000L;
    static final long MAX_UNITS = 1_000_000_000_000L;

    private final JsonBodies bodies;
    private final PlanStore plans;
    private final CatalogStore catalog;
    private final AuditLog audit;
    private final Directory directory;
    private final Clock clock;

    public CatalogRoutes(JsonBodies bodies, PlanStore plans, CatalogStore catalog, AuditLog audit, Directory directory,
                         Clock clock) {
        this.bodies = bodies;
        this.plans = plans;
        this.catalog = catalog;
        this.audit = audit;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/catalog/plans", Access.ADMIN, this::list);
        routes.put("/api/admin/catalog/plans/{code}", Access.ADMIN, this::put);
        routes.post("/api/admin/catalog/plans/{code}/archive", Access.ADMIN, ctx -> archive(ctx, true));
        routes.delete("/api/admin/catalog/plans/{code}/archive", Access.ADMIN, ctx -> archive(ctx, false));
    }

    private void list(Context ctx) throws SQLException {
        String archived = ctx.queryParam("archived");
        Validation v = new Validation();
        v.require(archived == null || List.of("true", "false", "all").contains(archived), "archived",
                "must be true, false or all");
        v.check();
        Map<String, Instant> archivedPlans = plans.archived();
        List<CatalogPlan> out = new ArrayList<>();
        for (PlanPrice price : catalog.all()) {
            boolean isArchived = archivedPlans.containsKey(price.planCode());
            if ("true".equals(archived) && !isArchived || "false".equals(archived) && isArchived) {
                continue;
            }
            Optional<Plan> plan = plans.find(price.planCode());
            plan.ifPresent(p -> out.add(view(p, price, Optional.ofNullable(archivedPlans.get(p.code())))));
        }
        ApiResponses.ok(ctx, out);
    }

    private void archive(Context ctx, boolean archive) throws SQLException {
        String code = ctx.pathParam("code");
        Validation v = new Validation();
        v.text("code", code, 1, 64, PLAN_CODE, "must be a plan code such as starter");
        v.check();
        Optional<PlanPrice> price = catalog.find(code);
        Optional<Plan> plan = plans.find(code);
        if (price.isEmpty() || plan.isEmpty() || !plans.setArchived(code, archive, clock.instant())) {
            throw ApiError.of(ErrorCode.NOT_FOUND, "No plan " + code + " in the catalog");
        }
        audit.record(Auditor.entry(ctx, null, archive ? "catalog.plan.archive" : "catalog.plan.unarchive", code,
                AuditEntry.Outcome.SUCCESS));
        ApiResponses.ok(ctx, view(plan.get(), price.get(), plans.archivedAt(code)));
    }

    private void put(Context ctx) throws SQLException {
        String code = ctx.pathParam("code");
        CatalogPlan body = bodies.read(ctx, CatalogPlan.class);
        Validation v = new Validation();
        v.text("code", code, 1, 64, PLAN_CODE, "must be a plan code such as starter");
        v.require(body.code() == null || body.code().equals(code), "code", "must match the path or be left out");
        v.text("name", body.name(), 1, 200, null, null);
        if (body.stripePriceId() != null) {
            v.text("stripePriceId", body.stripePriceId(), 1, 255, PRICE_ID,
                    "must be a Stripe price id: price_ followed by letters and digits, such as price_1PqRsT");
        }
        v.text("currency", body.currency(), 3, 3, CURRENCY, "must be a lower-case ISO currency code of 3 letters such as usd");
        v.require(body.amount() != null && body.amount() >= 1 && body.amount() <= MAX_AMOUNT, "amount",
                "must be a positive whole number of minor units, at most " + MAX_AMOUNT);
        v.require("month".equals(body.interval()) || "year".equals(body.interval()), "interval", "must be month or year");
        v.require(body.trialDays() == null || (body.trialDays() >= 0 && body.trialDays() <= 365), "trialDays",
                "must be between 0 and 365");
        v.require(body.tier() != null && body.tier() >= 0 && body.tier() <= 1000, "tier", "must be between 0 and 1000");
        Map<String, Long> units = body.includedUnits();
        if (units == null || units.isEmpty()) {
            v.problem("includedUnits", "must name at least one metric, such as {\"api_call\": 1000}");
        } else {
            units.forEach((metric, n) -> {
                v.require(metric != null && METRIC.matcher(metric).matches(), "includedUnits", "has a bad metric name");
                v.require(n != null && n >= 1 && n <= MAX_UNITS, "includedUnits." + metric,
                        "must be a positive whole number, at most " + MAX_UNITS);
            });
        }
        String groupId = body.directoryGroupId();
        if (groupId != null && !groupId.isEmpty()) {
            v.text("directoryGroupId", groupId, 1, 255, GROUP_ID,
                    "must be the id of a directory group (empty to clear it, left out to keep it)");
        }
        Optional<Instant> archivedAt = PLAN_CODE.matcher(code).matches() ? plans.archivedAt(code) : Optional.empty();
        v.require(body.archived() == null || body.archived() == archivedAt.isPresent(), "archived",
                "is changed with POST or DELETE /api/admin/catalog/plans/" + code + "/archive, not by PUT");
        v.check();
        if (body.stripePriceId() != null) {
            Optional<PlanPrice> owner = catalog.findByProviderPrice(body.stripePriceId());
            if (owner.isPresent() && !owner.get().planCode().equals(code)) {
                throw ApiError.of(ErrorCode.CONFLICT, "This Stripe price id already belongs to the plan " + owner.get().planCode());
            }
        }
        Optional<String> group = groupId == null ? plans.directoryGroupId(code)
                : groupId.isEmpty() ? Optional.empty() : Optional.of(requireGroup(groupId));
        Plan plan = new Plan(code, body.name().trim(), units, group);
        PlanPrice price = new PlanPrice(code, Optional.ofNullable(body.stripePriceId()), body.currency(), body.amount(),
                body.interval(), body.trialDays() == null ? 0 : body.trialDays(), body.tier());
        catalog.save(plan, price);
        audit.record(Auditor.entry(ctx, null, "catalog.plan.save", code, AuditEntry.Outcome.SUCCESS));
        ApiResponses.ok(ctx, view(plan, price, archivedAt));
    }

    /** The group's id when the live directory has it; 400 when it has not, 502/503 when it cannot tell. */
    private String requireGroup(String groupId) {
        try {
            return directory.group(groupId).id();
        } catch (DirectoryException e) {
            throw switch (e.kind()) {
                case NOT_FOUND, INVALID -> ApiError.validation(Map.of("directoryGroupId",
                        "is not a group of the " + directory.mode().wireName() + " directory"));
                case THROTTLED -> ApiError.of(ErrorCode.SERVICE_UNAVAILABLE,
                        "The directory is busy and could not confirm the group; try again shortly");
                default -> ApiError.of(ErrorCode.UPSTREAM_FAILED, "The directory could not confirm the group: "
                        + e.getMessage());
            };
        }
    }

    static CatalogPlan view(Plan plan, PlanPrice price, Optional<Instant> archivedAt) {
        return new CatalogPlan(plan.code(), plan.name(), price.stripePriceId().orElse(null), price.currency(),
                price.amount(), price.interval(), price.trialDays(), price.tier(), plan.includedUnits(),
                archivedAt.isPresent(), archivedAt.orElse(null), plan.directoryGroupId().orElse(null));
    }
}
