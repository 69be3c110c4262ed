package dev.familiar.server.observability;

import dev.familiar.server.auth.Access;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;

/** {@code GET /metrics}: every meter in the Prometheus text format. */
public final class MetricsRoutes implements RouteModule {
    private final HttpMetrics metrics;

    public MetricsRoutes(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/metrics", Access.PUBLIC, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    }
}
