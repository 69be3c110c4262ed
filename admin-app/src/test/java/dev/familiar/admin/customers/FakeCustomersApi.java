package dev.familiar.admin.customers;

import dev.familiar.model.api.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Organisations in memory, paged by cursor like the server (the cursor is the index of the next row), with a small
 * subscription lifecycle: enough for view models to be driven without a server. Records each call; {@link #failNext}
 * makes the next call throw.
 */
final class FakeCustomersApi implements CustomersApi {
    static final Instant NOW = Instant.parse("2026-11-15T00:00:00Z");
    static final Instant PERIOD_START = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant PERIOD_END = Instant.parse("2026-12-01T00:00:00Z");
    static final List<PlanOption> PLANS = List.of(
            new PlanOption("starter", "Starter", 1, 900, "usd", "month", false),
            new PlanOption("pro", "Pro", 2, 4_900, "usd", "month", false),
            new PlanOption("legacy", "Legacy", 3, 9_900, "usd", "month", true),
            new PlanOption("enterprise", "Enterprise", 4, 49_900, "usd", "month", false));

    /** One organisation's mutable state. */
    static final class Org {
        final String id;
        final String name;
        final Instant created;
        String plan = "pro";
        String status = "active";
        long used = 250;
        String scheduledPlan;
        Instant scheduledAt;
        boolean paused;
        boolean cancelAtPeriodEnd;
        String mode = "dry-run";
        boolean hasBilling = true;
        final List<Refund> refunds = new ArrayList<>();

        Org(String id, String name, Instant created) {
            this.id = id;
            this.name = name;
            this.created = created;
        }

        long included() {
            return switch (plan) {
                case "starter" -> 1_000;
                case "pro" -> 50_000;
                default -> 1_000_000;
            };
        }
    }

    final Map<String, Org> orgs = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    private RuntimeException nextFailure;

    FakeCustomersApi withOrgs(int count) {
        for (int i = 0; i < count; i++) {
            add(String.format("org-%04d", i), String.format("Company %04d", i));
        }
        return this;
    }

    Org add(String id, String name) {
        Org org = new Org(id, name, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(orgs.size() * 60L));
        orgs.put(id, org);
        return org;
    }

    Org org(String id) {
        return orgs.get(id);
    }

    void failNext(String message, String requestId) {
        nextFailure = new ApiError(dev.familiar.model.api.ErrorCode.CONFLICT, message, 409).withRequestId(requestId);
    }

    private void call(String text) {
        calls.add(text);
        if (nextFailure != null) {
            RuntimeException failure = nextFailure;
            nextFailure = null;
            throw failure;
        }
    }

    List<String> calls(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    @Override
    public Page list(String search, CustomerSort sort, String cursor, int limit) {
        call("list search=" + search + " sort=" + sort.key() + " cursor=" + cursor + " limit=" + limit);
        Comparator<Org> order = switch (sort) {
            case NAME -> Comparator.comparing((Org o) -> o.name);
            case NAME_DESC -> Comparator.comparing((Org o) -> o.name).reversed();
            case CREATED -> Comparator.comparing((Org o) -> o.created);
            case CREATED_DESC -> Comparator.comparing((Org o) -> o.created).reversed();
            case PLAN -> Comparator.comparing((Org o) -> o.plan).thenComparing(o -> o.id);
            case STATUS -> Comparator.comparing((Org o) -> o.status).thenComparing(o -> o.id);
        };
        List<Org> matching = orgs.values().stream()
                .filter(o -> search == null || o.name.toLowerCase(Locale.ROOT).startsWith(search.toLowerCase(Locale.ROOT)))
                .sorted(order).toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(matching.size(), from + limit);
        List<Row> rows = matching.subList(from, to).stream().map(o -> new Row(o.id, o.name, o.plan, o.status, null,
                PERIOD_END, o.used, o.included(), "owner@" + o.id + ".example", o.created)).toList();
        return new Page(rows, to < matching.size() ? Integer.toString(to) : null);
    }

    @Override
    public Detail detail(String orgId) {
        call("detail " + orgId);
        Org o = orgs.get(orgId);
        if (o == null) {
            throw new ApiError(dev.familiar.model.api.ErrorCode.NOT_FOUND, "No organisation " + orgId, 404)
                    .withRequestId("req-missing");
        }
        Billing billing = o.hasBilling ? new Billing(o.mode, "canceled".equals(o.status) ? "canceled" : "active",
                o.paused, o.cancelAtPeriodEnd, PERIOD_END, o.refunds) : null;
        return new Detail(o.id, o.name, o.created, "owner@" + o.id + ".example", o.plan, o.status, null, PERIOD_START,
                PERIOD_END, "api_call", o.used, o.included(), o.scheduledPlan, o.scheduledAt, billing,
                o.hasBilling ? null : "no billing account",
                List.of(new User("owner@" + o.id + ".example", "owner@" + o.id + ".example", List.of("TENANT_ADMIN"))),
                1, List.of(new Invoice("in_1", 4_900, "usd", "paid", "https://pay.example/in_1", PERIOD_START)), null);
    }

    @Override
    public List<PlanOption> plans() {
        call("plans");
        return PLANS;
    }

    @Override
    public PlanChangePreview previewPlanChange(String orgId, String planCode, boolean prorate) {
        call("preview " + orgId + " " + planCode + " prorate=" + prorate);
        long price = PLANS.stream().filter(p -> p.code().equals(planCode)).findFirst().orElseThrow().amount();
        if (!prorate) {
            return new PlanChangePreview(price, "usd", List.of("1 × " + planCode + ": " + Money.format(price, "usd")));
        }
        return new PlanChangePreview(22_500, "usd", List.of("Unused time on pro: -25.00 USD",
                "Remaining time on enterprise: 250.00 USD"));
    }

    @Override
    public void upgrade(String orgId, String planCode) {
        call("upgrade " + orgId + " " + planCode);
        orgs.get(orgId).plan = planCode;
    }

    @Override
    public Instant scheduleDowngrade(String orgId, String planCode) {
        call("downgrade " + orgId + " " + planCode);
        Org o = orgs.get(orgId);
        o.scheduledPlan = planCode;
        o.scheduledAt = PERIOD_END;
        return PERIOD_END;
    }

    @Override
    public void withdrawDowngrade(String orgId) {
        call("withdraw " + orgId);
        Org o = orgs.get(orgId);
        o.scheduledPlan = null;
        o.scheduledAt = null;
    }

    @Override
    public void pause(String orgId) {
        call("pause " + orgId);
        orgs.get(orgId).paused = true;
    }

    @Override
    public void resume(String orgId) {
        call("resume " + orgId);
        orgs.get(orgId).paused = false;
    }

    @Override
    public void discontinue(String orgId) {
        call("discontinue " + orgId);
        orgs.get(orgId).cancelAtPeriodEnd = true;
    }

    @Override
    public void undoDiscontinue(String orgId) {
        call("undo-discontinue " + orgId);
        orgs.get(orgId).cancelAtPeriodEnd = false;
    }

    @Override
    public RefundPreview cancelPreview(String orgId) {
        call("cancel-preview " + orgId);
        return new RefundPreview(2_613, "usd", "4900 × 16 / 30 = 2613 usd", "in_1", false);
    }

    @Override
    public void cancelNow(String orgId) {
        call("cancel " + orgId);
        Org o = orgs.get(orgId);
        o.status = "canceled";
        o.refunds.add(new Refund("in_1", 2_613, "usd", "4900 × 16 / 30 = 2613 usd", NOW));
    }

    @Override
    public void renew(String orgId) {
        call("renew " + orgId);
    }
}
