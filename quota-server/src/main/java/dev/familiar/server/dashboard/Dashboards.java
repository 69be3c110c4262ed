package dev.familiar.server.dashboard;

import dev.familiar.model.dashboard.Anomalies;
import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.CostAllocation;
import dev.familiar.model.dashboard.CostRow;
import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.TokenSeries;
import dev.familiar.model.dashboard.TopUsers;
import dev.familiar.model.dashboard.UsageDay;
import dev.familiar.model.dashboard.UsageSeries;
import dev.familiar.server.config.LlmTokenSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboards' use cases over {@link DashboardStore}: each reads aggregates of a validated period and shapes
 * them into the {@code dev.familiar.model.dashboard} records. The rollup's state is read first, so one answer is
 * consistent with one split between rolled and live days. Costs and ratios have scale {@link #SCALE}.
 */
public final class Dashboards {
    static final int SCALE = 4;

    private final DashboardStore store;
    private final LlmTokenSettings settings;
    private final Clock clock;

    public Dashboards(DashboardStore store, LlmTokenSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Today, UTC, at the injected clock. */
    LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    UsageSeries usage(LocalDate from, LocalDate to, Optional<String> orgId, Optional<String> metric) throws SQLException {
        DashboardStore.Split split = new DashboardStore.Split(from, to, store.state().usageThrough());
        // occurred_at may be up to 5 minutes ahead of the server's clock: tomorrow can hold events already.
        List<UsageDay> days = new ArrayList<>(store.usageDays(split, orgId, metric, today().plusDays(1)));
        days.sort(Comparator.comparing(UsageDay::day).thenComparing(UsageDay::orgId).thenComparing(UsageDay::metric));
        return new UsageSeries(from, to, days);
    }

    TokenSeries tokens(LocalDate from, LocalDate to, Optional<String> orgId, Optional<String> provider)
            throws SQLException {
        DashboardStore.Split split = new DashboardStore.Split(from, to, store.state().tokensThrough());
        List<TokenDay> days = new ArrayList<>(store.tokenDays(split, orgId, provider, today()));
        days.sort(Comparator.comparing(TokenDay::day).thenComparing(TokenDay::provider).thenComparing(TokenDay::purpose));
        return new TokenSeries(from, to, orgId.orElse(null), days);
    }

    TopUsers topUsers(LocalDate from, LocalDate to, Optional<String> orgId, Optional<String> provider, int limit)
            throws SQLException {
        DashboardStore.Split split = new DashboardStore.Split(from, to, store.state().tokensThrough());
        return new TopUsers(from, to, store.topUsers(split, orgId, provider, limit));
    }

    /**
     * The days of {@code from..to} on which an organisation's allowed product tokens of a provider exceed
     * {@code threshold} × the mean of the {@code baselineDays} days before (days without events count as 0). A zero
     * baseline is never an anomaly (a first use is not a spike). Decided on exact values: tokens × baselineDays &gt;
     * threshold × baseline total; baseline and ratio are reported rounded to 4 decimals.
     */
    Anomalies anomalies(LocalDate from, LocalDate to, Optional<String> orgId, BigDecimal threshold, int baselineDays)
            throws SQLException {
        LocalDate start = from.minusDays(baselineDays);
        DashboardStore.Split split = new DashboardStore.Split(start, to, store.state().tokensThrough());
        int length = (int) ChronoUnit.DAYS.between(start, to) + 1;
        Map<List<String>, long[]> series = new HashMap<>();
        for (DashboardStore.OrgDayTokens row : store.productTokensPerOrgDay(split, orgId, today())) {
            series.computeIfAbsent(List.of(row.orgId(), row.provider()), k -> new long[length])
                    [(int) ChronoUnit.DAYS.between(start, row.day())] += row.tokens();
        }
        BigDecimal n = BigDecimal.valueOf(baselineDays);
        List<Anomaly> items = new ArrayList<>();
        for (Map.Entry<List<String>, long[]> e : series.entrySet()) {
            long[] tokens = e.getValue();
            long window = 0;
            for (int i = 0; i < baselineDays; i++) {
                window += tokens[i];
            }
            for (int i = baselineDays; i < length; i++) {
                if (window > 0 && tokens[i] > 0) {
                    BigDecimal current = BigDecimal.valueOf(tokens[i]);
                    BigDecimal total = BigDecimal.valueOf(window);
                    if (current.multiply(n).compareTo(threshold.multiply(total)) > 0) {
                        items.add(new Anomaly(start.plusDays(i), e.getKey().get(0), e.getKey().get(1), tokens[i],
                                total.divide(n, SCALE, RoundingMode.HALF_UP),
                                current.multiply(n).divide(total, SCALE, RoundingMode.HALF_UP)));
                    }
                }
                window += tokens[i] - tokens[i - baselineDays];
            }
        }
        items.sort(Comparator.comparing(Anomaly::ratio).reversed().thenComparing(Anomaly::day)
                .thenComparing(Anomaly::orgId).thenComparing(Anomaly::provider));
        return new Anomalies(from, to, threshold, baselineDays, items);
    }

    /**
     * Allowed product tokens per organisation and provider × the provider's price (a provider no longer configured
     * costs 0), rounded to 4 decimals; the Prompt Lab's R&amp;D tokens and their cost apart.
     */
    CostAllocation cost(LocalDate from, LocalDate to) throws SQLException {
        DashboardStore.Split split = new DashboardStore.Split(from, to, store.state().tokensThrough());
        List<CostRow> rows = new ArrayList<>();
        long productTokens = 0;
        BigDecimal productCost = BigDecimal.ZERO.setScale(SCALE);
        long rndTokens = 0;
        BigDecimal rndCost = BigDecimal.ZERO.setScale(SCALE);
        for (DashboardStore.OrgTokens row : store.allowedTokensByOrg(split)) {
            BigDecimal price = price(row.provider());
            BigDecimal cost = price.multiply(BigDecimal.valueOf(row.tokens())).setScale(SCALE, RoundingMode.HALF_UP);
            if (DashboardStore.PRODUCT.equals(row.purpose())) {
                rows.add(new CostRow(row.orgId(), row.orgName(), row.provider(), row.tokens(), price, cost));
                productTokens += row.tokens();
                productCost = productCost.add(cost);
            } else {
                rndTokens += row.tokens();
                rndCost = rndCost.add(cost);
            }
        }
        rows.sort(Comparator.comparing(CostRow::orgId).thenComparing(CostRow::provider));
        return new CostAllocation(from, to, settings.currency(), rows, productTokens, productCost, rndTokens, rndCost);
    }

    private BigDecimal price(String provider) {
        LlmTokenSettings.Provider p = settings.providers().get(provider);
        return p == null || p.pricePerToken() == null ? BigDecimal.ZERO : p.pricePerToken();
    }
}
