package dev.familiar.admin.usage;

import dev.familiar.model.dashboard.Anomaly;
import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.UsageDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Builds the Usage screen's chart series from the dashboard rows. The server leaves days without rows out; every
 * series here has one point per day of the period, zero where no row was. Pure functions.
 */
public final class UsageCharts {
    public static final String ALLOWED = "Allowed";
    public static final String RATE_LIMITED = "Rate-limited";
    public static final String NO_QUOTA = "No quota";
    public static final String PROVIDER_FAILED = "Provider failed";
    public static final String PRODUCT = "Product";
    public static final String RND = "R&D";
    /** The purpose the server gives the Prompt Lab's tokens. */
    static final String RND_PURPOSE = "R&D";

    private UsageCharts() {
    }

    /** Every day from {@code from} to {@code to}, both inclusive (empty when {@code to} is before {@code from}). */
    public static List<LocalDate> days(LocalDate from, LocalDate to) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    /** Token attempts per day, stacked: allowed, rate-limited, no quota, provider failed (all providers, purposes). */
    public static List<ChartSeries> allowedVsDenied(LocalDate from, LocalDate to, Collection<TokenDay> rows) {
        return List.of(
                series(ALLOWED, from, to, rows, TokenDay::day, TokenDay::allowedEvents, Set.of()),
                series(RATE_LIMITED, from, to, rows, TokenDay::day, TokenDay::rateLimitedEvents, Set.of()),
                series(NO_QUOTA, from, to, rows, TokenDay::day, TokenDay::noQuotaEvents, Set.of()),
                series(PROVIDER_FAILED, from, to, rows, TokenDay::day, TokenDay::providerFailedEvents, Set.of()));
    }

    /**
     * Allowed tokens per day, one series per provider (by name); a day on which {@code anomalies} name the provider
     * is marked anomalous.
     */
    public static List<ChartSeries> perProvider(LocalDate from, LocalDate to, Collection<TokenDay> rows,
                                                Collection<Anomaly> anomalies) {
        Map<String, List<TokenDay>> byProvider = new TreeMap<>();
        for (TokenDay row : rows) {
            byProvider.computeIfAbsent(row.provider(), p -> new ArrayList<>()).add(row);
        }
        List<ChartSeries> series = new ArrayList<>();
        byProvider.forEach((provider, providerRows) -> {
            Set<LocalDate> marked = new HashSet<>();
            anomalies.stream().filter(a -> provider.equals(a.provider())).forEach(a -> marked.add(a.day()));
            series.add(series(provider, from, to, providerRows, TokenDay::day, TokenDay::allowedTokens, marked));
        });
        return series;
    }

    /** Allowed tokens per day: product use, and the Prompt Lab's R&D apart. */
    public static List<ChartSeries> productVsRnd(LocalDate from, LocalDate to, Collection<TokenDay> rows) {
        List<TokenDay> rnd = rows.stream().filter(UsageCharts::isRnd).toList();
        List<TokenDay> product = rows.stream().filter(r -> !isRnd(r)).toList();
        return List.of(series(PRODUCT, from, to, product, TokenDay::day, TokenDay::allowedTokens, Set.of()),
                series(RND, from, to, rnd, TokenDay::day, TokenDay::allowedTokens, Set.of()));
    }

    /** Metered units per day, one series per metric (all organisations of the rows summed). */
    public static List<ChartSeries> metered(LocalDate from, LocalDate to, Collection<UsageDay> rows) {
        Map<String, List<UsageDay>> byMetric = new TreeMap<>();
        for (UsageDay row : rows) {
            byMetric.computeIfAbsent(row.metric(), m -> new ArrayList<>()).add(row);
        }
        List<ChartSeries> series = new ArrayList<>();
        byMetric.forEach((metric, metricRows) ->
                series.add(series(metric, from, to, metricRows, UsageDay::day, UsageDay::units, Set.of())));
        return series;
    }

    /** The providers the rows name, sorted. */
    public static Set<String> providers(Collection<TokenDay> rows) {
        Set<String> providers = new TreeSet<>();
        rows.forEach(r -> providers.add(r.provider()));
        return providers;
    }

    static boolean isRnd(TokenDay row) {
        return RND_PURPOSE.equalsIgnoreCase(row.purpose());
    }

    private static <R> ChartSeries series(String name, LocalDate from, LocalDate to, Collection<R> rows,
                                          java.util.function.Function<R, LocalDate> day, ToLongFunction<R> value,
                                          Set<LocalDate> anomalous) {
        Map<LocalDate, Long> sums = new LinkedHashMap<>();
        for (R row : rows) {
            sums.merge(day.apply(row), value.applyAsLong(row), Long::sum);
        }
        List<ChartPoint> points = new ArrayList<>();
        for (LocalDate d : days(from, to)) {
            points.add(new ChartPoint(d, sums.getOrDefault(d, 0L), anomalous.contains(d)));
        }
        return new ChartSeries(name, points);
    }
}
