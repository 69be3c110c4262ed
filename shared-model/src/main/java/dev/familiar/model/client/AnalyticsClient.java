package dev.familiar.model.client;

import dev.familiar.model.llm.AnalyticsViews;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Token analytics ({@code /api/v1/analytics}, the {@code 002} plain family). A user sees their own consume attempts,
 * an ADMIN everyone's; every window ends at the server's now. A null argument leaves the parameter out (the server's
 * default).
 */
public final class AnalyticsClient {
    private final ApiTransport transport;

    public AnalyticsClient(ApiTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** {@code GET /api/v1/analytics/health} (public): status, time and the retention of usage events in days. */
    public AnalyticsViews.Health health() {
        return transport.get("api/v1/analytics/health").anonymous().plain(AnalyticsViews.Health.class);
    }

    /** {@code GET /api/v1/analytics/usage?provider=&limit=}: the newest consume attempts first ({@code limit} 1-200). */
    public AnalyticsViews.UsagePage usage(String provider, Integer limit) {
        return transport.get("api/v1/analytics/usage").query("provider", provider).query("limit", limit)
                .plain(AnalyticsViews.UsagePage.class);
    }

    /**
     * {@code GET /api/v1/analytics/report?provider=&windowMinutes=&limit=}: counts of one provider over the window
     * ending now and its top users ({@code limit} of them).
     */
    public AnalyticsViews.Report report(String provider, Integer windowMinutes, Integer limit) {
        return transport.get("api/v1/analytics/report").query("provider", provider)
                .query("windowMinutes", windowMinutes).query("limit", limit).plain(AnalyticsViews.Report.class);
    }

    /**
     * {@code GET /api/v1/analytics/anomalies?provider=&windowMinutes=&baselineWindows=&thresholdMultiplier=}: the
     * current window's allowed tokens against the mean of the windows before it.
     */
    public AnalyticsViews.Anomaly anomalies(String provider, Integer windowMinutes, Integer baselineWindows,
                                            BigDecimal thresholdMultiplier) {
        return transport.get("api/v1/analytics/anomalies").query("provider", provider)
                .query("windowMinutes", windowMinutes).query("baselineWindows", baselineWindows)
                .query("thresholdMultiplier", thresholdMultiplier == null ? null : thresholdMultiplier.toPlainString())
                .plain(AnalyticsViews.Anomaly.class);
    }

    /**
     * {@code GET /api/v1/analytics/cost?from=&to=&provider=} (ADMIN): allowed tokens per organisation and provider
     * over {@code [from, to)} times the provider's price.
     */
    public AnalyticsViews.CostReport cost(Instant from, Instant to, String provider) {
        return transport.get("api/v1/analytics/cost").query("from", from).query("to", to).query("provider", provider)
                .plain(AnalyticsViews.CostReport.class);
    }
}
