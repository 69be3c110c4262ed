package dev.familiar.server.llm.analytics;

import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import java.time.Clock;
import javax.sql.DataSource;

/** {@code /api/v1/analytics/...}: written next. */
public final class AnalyticsRoutes implements RouteModule {
    public AnalyticsRoutes(DataSource dataSource, LlmTokenSettings settings, Clock clock) {
    }

    @Override
    public void register(RouteTable routes) {
    }
}
