package dev.familiar.admin.usage;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.customers.CustomerQuery;
import dev.familiar.model.dashboard.Anomalies;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.DashboardQuery;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.model.dashboard.TopUsers;
import dev.familiar.model.dashboard.UsageSeries;
import java.util.List;
import java.util.Objects;

/** {@link UsageApi} over the typed client: {@code client.dashboard()} and, for the picker, {@code client.customers()}. */
public final class ClientUsageApi implements UsageApi {
    private final FamiliarClient client;

    public ClientUsageApi(FamiliarClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public UsageSeries usage(DashboardQuery query) {
        return client.dashboard().usage(query);
    }

    @Override
    public TokenSeries tokens(DashboardQuery query) {
        return client.dashboard().tokens(query);
    }

    @Override
    public TopUsers topUsers(DashboardQuery query, int limit) {
        return client.dashboard().topUsers(query, limit);
    }

    @Override
    public Anomalies anomalies(DashboardQuery query) {
        return client.dashboard().anomalies(query, null, null);
    }

    @Override
    public CostAllocation cost(DashboardQuery query) {
        return client.dashboard().cost(query);
    }

    @Override
    public List<Organisation> organisations(String search, int limit) {
        var page = client.customers().list(CustomerQuery.all().withSearch(search).withLimit(limit));
        return page.items() == null ? List.of()
                : page.items().stream().map(c -> new Organisation(c.orgId(), c.name())).toList();
    }
}
