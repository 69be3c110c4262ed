package dev.familiar.model.client;

import dev.familiar.model.dashboard.Anomalies;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.model.dashboard.TopUsers;
import dev.familiar.model.dashboard.UsageSeries;
import java.math.BigDecimal;

/**
 * The administrators' dashboards ({@code /api/admin/dashboard/*}, ADMIN): aggregated by the server's database over
 * UTC days, for a bounded period. Reach it through {@link FamiliarClient#dashboard()}.
 */
public final class DashboardClient {
    private final ApiTransport transport;

    DashboardClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** {@code GET /api/admin/dashboard/usage?from=&to=&orgId=&metric=}: metered usage; {@code query.provider()} is the metric. */
    public UsageSeries usage(DashboardQuery query) {
        return window(transport.get("api/admin/dashboard/usage"), query).query("orgId", query.orgId())
                .query("metric", query.provider()).envelope(UsageSeries.class);
    }

    /** {@code GET /api/admin/dashboard/tokens?from=&to=&orgId=&provider=}: token attempts, allowed and denied. */
    public TokenSeries tokens(DashboardQuery query) {
        return window(transport.get("api/admin/dashboard/tokens"), query).query("orgId", query.orgId())
                .query("provider", query.provider()).envelope(TokenSeries.class);
    }

    /** {@code GET /api/admin/dashboard/top-users?from=&to=&orgId=&provider=&limit=} ({@code limit} 1-100, default 10). */
    public TopUsers topUsers(DashboardQuery query, Integer limit) {
        return window(transport.get("api/admin/dashboard/top-users"), query).query("orgId", query.orgId())
                .query("provider", query.provider()).query("limit", limit).envelope(TopUsers.class);
    }

    /**
     * {@code GET /api/admin/dashboard/anomalies?from=&to=&orgId=&threshold=&baselineDays=}: {@code threshold}
     * (default 3) and {@code baselineDays} (default 7) may be null.
     */
    public Anomalies anomalies(DashboardQuery query, BigDecimal threshold, Integer baselineDays) {
        return window(transport.get("api/admin/dashboard/anomalies"), query).query("orgId", query.orgId())
                .query("threshold", threshold == null ? null : threshold.toPlainString())
                .query("baselineDays", baselineDays).envelope(Anomalies.class);
    }

    /** {@code GET /api/admin/dashboard/cost?from=&to=}: cost allocation per organisation and provider. */
    public CostAllocation cost(DashboardQuery query) {
        return window(transport.get("api/admin/dashboard/cost"), query).envelope(CostAllocation.class);
    }

    private static ApiTransport.Call window(ApiTransport.Call call, DashboardQuery query) {
        return call.query("from", query.from()).query("to", query.to());
    }
}
