package dev.familiar.admin.usage;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.dashboard.Anomalies;
import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.CostRow;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.model.dashboard.TopUser;
import dev.familiar.model.dashboard.TopUsers;
import dev.familiar.model.dashboard.UsageDay;
import dev.familiar.model.dashboard.UsageSeries;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link UsageApi} over rows the test sets: filters them by the query as the server would (days, organisation,
 * provider), records every query, and fails the routes the test names.
 */
final class FakeUsageApi implements UsageApi {
    final List<TokenDay> tokenDays = new ArrayList<>();
    /** The organisation of each token row (same index as {@link #tokenDays}). */
    final List<String> tokenOrgs = new ArrayList<>();
    final List<UsageDay> usageDays = new ArrayList<>();
    final List<Anomaly> anomalies = new ArrayList<>();
    final List<TopUser> topUsers = new ArrayList<>();
    final List<CostRow> costRows = new ArrayList<>();
    long rndTokens;
    BigDecimal rndCost = BigDecimal.ZERO;
    final List<Organisation> organisations = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<DashboardQuery> queries = new ArrayList<>();
    final Set<String> failing = new HashSet<>();

    void tokens(String orgId, TokenDay day) {
        tokenDays.add(day);
        tokenOrgs.add(orgId);
    }

    private void call(String route, DashboardQuery query) {
        calls.add(route);
        queries.add(query);
        if (failing.contains(route)) {
            throw new ApiError(ErrorCode.INTERNAL_ERROR, route + " broke", 500).withRequestId("req-" + route);
        }
    }

    private boolean inPeriod(java.time.LocalDate day, DashboardQuery q) {
        return !day.isBefore(q.from()) && !day.isAfter(q.to());
    }

    @Override
    public UsageSeries usage(DashboardQuery q) {
        call("usage", q);
        return new UsageSeries(q.from(), q.to(), usageDays.stream().filter(d -> inPeriod(d.day(), q))
                .filter(d -> q.orgId() == null || q.orgId().equals(d.orgId())).toList());
    }

    @Override
    public TokenSeries tokens(DashboardQuery q) {
        call("tokens", q);
        List<TokenDay> rows = new ArrayList<>();
        for (int i = 0; i < tokenDays.size(); i++) {
            TokenDay d = tokenDays.get(i);
            if (inPeriod(d.day(), q) && (q.orgId() == null || q.orgId().equals(tokenOrgs.get(i)))
                    && (q.provider() == null || q.provider().equals(d.provider()))) {
                rows.add(d);
            }
        }
        return new TokenSeries(q.from(), q.to(), q.orgId(), rows);
    }

    @Override
    public TopUsers topUsers(DashboardQuery q, int limit) {
        call("top-users", q);
        return new TopUsers(q.from(), q.to(), topUsers.stream()
                .filter(u -> q.orgId() == null || q.orgId().equals(u.orgId())).limit(limit).toList());
    }

    @Override
    public Anomalies anomalies(DashboardQuery q) {
        call("anomalies", q);
        return new Anomalies(q.from(), q.to(), new BigDecimal("3"), 7, anomalies.stream()
                .filter(a -> inPeriod(a.day(), q)).filter(a -> q.orgId() == null || q.orgId().equals(a.orgId()))
                .toList());
    }

    @Override
    public CostAllocation cost(DashboardQuery q) {
        call("cost", q);
        long tokens = costRows.stream().mapToLong(CostRow::tokens).sum();
        BigDecimal cost = costRows.stream().map(CostRow::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new CostAllocation(q.from(), q.to(), "usd", costRows, tokens, cost, rndTokens, rndCost);
    }

    @Override
    public List<Organisation> organisations(String search, int limit) {
        calls.add("organisations:" + search);
        return organisations.stream().filter(o -> search == null || o.name().toLowerCase().startsWith(
                search.toLowerCase())).limit(limit).toList();
    }

    long count(String route) {
        return calls.stream().filter(route::equals).count();
    }
}
