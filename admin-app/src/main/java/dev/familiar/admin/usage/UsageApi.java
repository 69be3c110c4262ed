package dev.familiar.admin.usage;

import dev.familiar.model.dashboard.Anomalies;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.model.dashboard.TopUsers;
import dev.familiar.model.dashboard.UsageSeries;
import java.util.List;

/**
 * What the Usage screen asks of a server: the five dashboard routes ({@code /api/admin/dashboard/*}, ADMIN) and the
 * organisations to pick from ({@code /api/admin/customers}). Calls block and throw the typed client's
 * {@link dev.familiar.model.api.ApiError} when the server refuses (400 {@code VALIDATION_FAILED} for a period the
 * server does not take). {@link ClientUsageApi} is the adapter over the typed client; tests use a fake.
 */
public interface UsageApi {

    /** Metered usage per day, organisation and metric; {@code query.provider()} is the metric (null: all). */
    UsageSeries usage(DashboardQuery query);

    /** Token attempts per day, provider and purpose: allowed, and denied by reason. */
    TokenSeries tokens(DashboardQuery query);

    /** The users with the most allowed tokens, at most {@code limit} (1–100). */
    TopUsers topUsers(DashboardQuery query, int limit);

    /** The anomalous days of the period with the server's default threshold and baseline. */
    Anomalies anomalies(DashboardQuery query);

    /** Cost allocation per organisation and provider over the period (all organisations). */
    CostAllocation cost(DashboardQuery query);

    /** The first organisations whose name starts with {@code search} (null: the first ones by name). */
    List<Organisation> organisations(String search, int limit);

    /** An organisation to filter by. */
    record Organisation(String orgId, String name) {
    }
}
