package dev.familiar.model.llm;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The bodies of {@code /api/v1/analytics/...}: plain JSON of the {@code 002} document (no envelope), written by the
 * server's analytics routes and read by the typed client's {@code analytics()} area.
 */
public final class AnalyticsViews {
    private AnalyticsViews() {
    }

    /** {@code GET /api/v1/analytics/health}; {@code status} is {@link #OK}, as upstream answers. */
    public record Health(String status, String service, Instant timestamp, long retentionDays) {
        public static final String OK = "ok";
    }

    /**
     * One audit-trail entry of {@code GET /api/v1/analytics/usage}: one consume attempt, or one Prompt Lab call.
     * {@code purpose} is {@code PRODUCT} (customers' use, against their quotas) or {@code R&D} (the Prompt Lab, never
     * against a quota); {@code function} names the prompt function, null for a plain consume.
     */
    public record UsageEntry(String userId, String orgId, String provider, long tokens, boolean allowed,
                             String outcome, Instant timestamp, String requestId, String ipAddress, String purpose,
                             String function) {
    }

    /**
     * {@code GET /api/v1/analytics/usage}: the entries, newest first, as upstream answers them. {@code provider} echoes
     * the filter ({@code null} when every provider was asked for); {@code count} is the number of {@code items}.
     */
    public record UsagePage(String provider, int count, List<UsageEntry> items) {
        public UsagePage {
            items = List.copyOf(items);
        }

        public UsagePage(String provider, List<UsageEntry> items) {
            this(provider, items.size(), items);
        }
    }

    /** A user's share of a report's window: allowed tokens and all their attempts. */
    public record TopUser(String userId, long totalTokens, long events) {
    }

    /**
     * {@code GET /api/v1/analytics/report}. {@code sampleLimit}: the most events of the window the figures are read
     * from; this server counts every event, so it is the largest {@code int} (nothing is sampled). The body also
     * carries {@code averageTokensPerEvent}, upstream's name, with the value of {@code averageTokens}. {@code purpose}
     * says which events were counted: {@code PRODUCT} (the default) or {@code R&D}, never both together.
     */
    public record Report(String provider, Instant windowStart, Instant windowEnd, long totalEvents, long allowedEvents,
                         long deniedEvents, long totalTokens, BigDecimal averageTokens, long uniqueUsers,
                         int sampleLimit, List<TopUser> topUsers, String purpose) {
        public Report {
            topUsers = List.copyOf(topUsers);
        }

        /** Upstream's name of {@link #averageTokens()}, for clients of the upstream server. */
        @JsonProperty("averageTokensPerEvent")
        public BigDecimal averageTokensPerEvent() {
            return averageTokens;
        }
    }

    /**
     * {@code GET /api/v1/analytics/anomalies}. {@code baselineWindows} is the number of windows the baseline was taken
     * from; {@code sampleLimit} as in {@link Report}. The body also carries upstream's names
     * {@code baselineAverageTokens} and {@code thresholdMultiplier} with the values of {@code baselineAverage} and
     * {@code threshold}. {@code purpose} as in {@link Report}.
     */
    public record Anomaly(String provider, Instant windowStart, Instant windowEnd, int baselineWindows,
                          long currentTokens, BigDecimal baselineAverage, BigDecimal ratio, BigDecimal threshold,
                          boolean anomaly, int sampleLimit, String purpose) {
        /** Upstream's name of {@link #baselineAverage()}. */
        @JsonProperty("baselineAverageTokens")
        public BigDecimal baselineAverageTokens() {
            return baselineAverage;
        }

        /** Upstream's name of {@link #threshold()}. */
        @JsonProperty("thresholdMultiplier")
        public BigDecimal thresholdMultiplier() {
            return threshold;
        }
    }

    /** One line of a cost allocation: an organisation's allowed tokens of one provider and what they cost. */
    public record CostItem(String orgId, String provider, long tokens, BigDecimal pricePerToken, BigDecimal cost) {
    }

    /** One line of the R&D cost: an engineer's Prompt Lab tokens of one function and provider, and their cost. */
    public record RndCostItem(String function, String engineer, String provider, long tokens, BigDecimal pricePerToken,
                              BigDecimal cost) {
    }

    /**
     * {@code GET /api/v1/analytics/cost}: {@code items} and {@code totalCost} are product use only (customers'
     * organisations); the Prompt Lab's R&D use is apart, in {@code rndItems} and {@code rndTotalCost}.
     */
    public record CostReport(Instant from, Instant to, String currency, List<CostItem> items, BigDecimal totalCost,
                             List<RndCostItem> rndItems, BigDecimal rndTotalCost) {
        public CostReport {
            items = List.copyOf(items);
            rndItems = rndItems == null ? List.of() : List.copyOf(rndItems);
        }
    }
}
