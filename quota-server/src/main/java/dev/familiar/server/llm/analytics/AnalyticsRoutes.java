package dev.familiar.server.llm.analytics;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.llm.AnalyticsViews;
import dev.familiar.model.llm.AnalyticsViews.Anomaly;
import dev.familiar.model.llm.AnalyticsViews.CostItem;
import dev.familiar.model.llm.AnalyticsViews.CostReport;
import dev.familiar.model.llm.AnalyticsViews.Health;
import dev.familiar.model.llm.AnalyticsViews.Report;
import dev.familiar.server.auth.Access;
import dev.familiar.server.auth.Principal;
import dev.familiar.server.auth.Principals;
import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code 002} document's analytics over {@code token_usage_event}: the audit trail, a usage report, spike
 * detection and cost allocation. Plain JSON bodies and plain errors ({@code {message, timestamp, errors}}), like
 * the token API. A non-admin caller sees only their own events ({@code user_id} = their user id); ADMIN sees all.
 * Everything is computed on demand in SQL ({@link AnalyticsStore}); every window ends at the injected clock's now.
 *
 * <ul>
 *   <li>{@code GET /api/v1/analytics/health} (public): status {@code "ok"}, time, retention in days.</li>
 *   <li>{@code GET /api/v1/analytics/usage?provider=&limit=}: {@code {provider, count, items}}, the items the newest
 *       events first ({@code limit} 1–200, default 20).</li>
 *   <li>{@code GET /api/v1/analytics/report?provider=&windowMinutes=&limit=}: counts over the window
 *       {@code (now − windowMinutes, now]}; {@code totalTokens} counts allowed events only, {@code averageTokens}
 *       (also as upstream's {@code averageTokensPerEvent}) is {@code totalTokens / allowedEvents} (2 decimals, 0
 *       when nothing was allowed), {@code uniqueUsers} counts users with any event, {@code topUsers} (at most
 *       {@code limit}) orders by allowed tokens, then user id, and counts every attempt of the user as an event.</li>
 *   <li>{@code GET /api/v1/analytics/anomalies?provider=&windowMinutes=&baselineWindows=&thresholdMultiplier=}: see
 *       {@link #anomalies(Context)}.</li>
 *   <li>{@code GET /api/v1/analytics/cost?from=&to=&provider=} (ADMIN): allowed tokens per organisation (the event's
 *       org, else its tenant) and provider over {@code [from, to)} times the provider's configured price, rounded to
 *       4 decimals; ordered by organisation, then provider. {@code to} defaults to now, {@code from} to 30 days
 *       before {@code to}; the period is at most 366 days. Product use only; the Prompt Lab's R&D use is
 *       allocated apart ({@code rndItems} per function, engineer and provider, and {@code rndTotalCost}).</li>
 * </ul>
 * Usage, report and anomalies read one purpose: {@code purpose=PRODUCT} (the default, the figures these routes have
 * always meant: customers' use) or {@code purpose=R&D} (also {@code RND}): the Prompt Lab, never against a quota.
 */
public final class AnalyticsRoutes implements RouteModule {
    static final int DEFAULT_USAGE_LIMIT = 20;
    static final int MAX_USAGE_LIMIT = 200;
    static final int DEFAULT_WINDOW_MINUTES = 60;
    static final int MAX_WINDOW_MINUTES = 525_600;
    static final int DEFAULT_TOP_USERS = 10;
    static final int MAX_TOP_USERS = 100;
    static final int DEFAULT_BASELINE_WINDOWS = 24;
    static final int MAX_BASELINE_WINDOWS = 1_000;
    static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("3.0");
    static final BigDecimal MAX_THRESHOLD = new BigDecimal("100");
    static final Duration DEFAULT_COST_PERIOD = Duration.ofDays(30);
    static final Duration MAX_COST_PERIOD = Duration.ofDays(366);
    /**
     * The {@code sampleLimit} of reports and anomalies: upstream reads at most that many events per window; this
     * server aggregates every event in SQL, so no figure is ever sampled and the limit is the largest a 32-bit
     * integer holds (a client comparing its event counts with it sees complete figures).
     */
    public static final int NO_SAMPLE_LIMIT = Integer.MAX_VALUE;
    /** Scale of costs, averages and ratios. */
    static final int COST_SCALE = 4;

    private final AnalyticsStore store;
    private final LlmTokenSettings settings;
    private final Clock clock;

    public AnalyticsRoutes(DataSource dataSource, LlmTokenSettings settings, Clock clock) {
        this.store = new AnalyticsStore(dataSource);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/v1/analytics/health", Access.PUBLIC, ctx -> ctx.json(new Health(Health.OK, "analytics",
                clock.instant(), settings.retention().toDays())));
        routes.get("/api/v1/analytics/usage", Access.USER, this::usage);
        routes.get("/api/v1/analytics/report", Access.USER, this::report);
        routes.get("/api/v1/analytics/anomalies", Access.USER, this::anomalies);
        routes.get("/api/v1/analytics/cost", Access.ADMIN, this::cost);
    }

    private void usage(Context ctx) throws Exception {
        Validation v = new Validation();
        Optional<String> provider = optionalProvider(v, ctx.queryParam("provider"));
        int limit = whole(v, "limit", ctx.queryParam("limit"), DEFAULT_USAGE_LIMIT, 1, MAX_USAGE_LIMIT);
        UsageEvent.Purpose purpose = purpose(v, ctx.queryParam("purpose"));
        v.check();
        ctx.json(new AnalyticsViews.UsagePage(provider.orElse(null), store.recent(scope(ctx), provider, limit, purpose)));
    }

    private void report(Context ctx) throws Exception {
        Validation v = new Validation();
        String provider = requiredProvider(v, ctx.queryParam("provider"));
        int windowMinutes = whole(v, "windowMinutes", ctx.queryParam("windowMinutes"), DEFAULT_WINDOW_MINUTES, 1,
                MAX_WINDOW_MINUTES);
        int limit = whole(v, "limit", ctx.queryParam("limit"), DEFAULT_TOP_USERS, 1, MAX_TOP_USERS);
        UsageEvent.Purpose purpose = purpose(v, ctx.queryParam("purpose"));
        v.check();
        Optional<String> userId = scope(ctx);
        Instant end = clock.instant();
        Instant start = end.minus(Duration.ofMinutes(windowMinutes));
        AnalyticsStore.Totals totals = store.totals(provider, userId, start, end, purpose);
        BigDecimal average = totals.allowedEvents() == 0 ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf(totals.allowedTokens()).divide(BigDecimal.valueOf(totals.allowedEvents()), 2,
                        RoundingMode.HALF_UP);
        ctx.json(new Report(provider, start, end, totals.totalEvents(), totals.allowedEvents(),
                totals.totalEvents() - totals.allowedEvents(), totals.allowedTokens(), average, totals.uniqueUsers(),
                NO_SAMPLE_LIMIT, store.topUsers(provider, userId, start, end, limit, purpose), purpose.stored()));
    }

    /**
     * Spike detection for one provider. The current window is {@code (now − windowMinutes, now]}; the baseline is the
     * {@code baselineWindows} windows of the same length right before it. {@code currentTokens} is the allowed
     * tokens of the current window; {@code baselineAverage} the mean allowed tokens per baseline window, empty
     * windows counting as 0 (so it is the baseline's total divided by {@code baselineWindows}); {@code ratio} is
     * {@code currentTokens / baselineAverage}. When the baseline is 0 there is nothing to compare against:
     * {@code ratio} is then {@code currentTokens} itself (0 when both are 0) and {@code anomaly} is false, since a
     * first use is not a spike. Otherwise {@code anomaly} is {@code ratio ≥ thresholdMultiplier}, decided on exact
     * values (the reported ratio and average are rounded to 4 decimals). {@code threshold} echoes
     * {@code thresholdMultiplier} (default 3.0, above 1 and at most 100). Upstream's names
     * {@code baselineAverageTokens} and {@code thresholdMultiplier} are answered too, with the same values.
     */
    private void anomalies(Context ctx) throws Exception {
        Validation v = new Validation();
        String provider = requiredProvider(v, ctx.queryParam("provider"));
        int windowMinutes = whole(v, "windowMinutes", ctx.queryParam("windowMinutes"), DEFAULT_WINDOW_MINUTES, 1,
                MAX_WINDOW_MINUTES);
        int baselineWindows = whole(v, "baselineWindows", ctx.queryParam("baselineWindows"), DEFAULT_BASELINE_WINDOWS, 1,
                MAX_BASELINE_WINDOWS);
        BigDecimal threshold = threshold(v, ctx.queryParam("thresholdMultiplier"));
        UsageEvent.Purpose purpose = purpose(v, ctx.queryParam("purpose"));
        v.check();
        Optional<String> userId = scope(ctx);
        Instant end = clock.instant();
        Duration window = Duration.ofMinutes(windowMinutes);
        Instant split = end.minus(window);
        Instant baselineStart = split.minus(window.multipliedBy(baselineWindows));
        AnalyticsStore.WindowSums sums = store.windowSums(provider, userId, baselineStart, split, end,
                purpose);
        BigDecimal current = BigDecimal.valueOf(sums.current());
        BigDecimal baselineTotal = BigDecimal.valueOf(sums.baseline());
        BigDecimal windows = BigDecimal.valueOf(baselineWindows);
        BigDecimal baselineAverage = baselineTotal.divide(windows, COST_SCALE, RoundingMode.HALF_UP);
        BigDecimal ratio;
        boolean anomaly;
        if (sums.baseline() == 0) {
            ratio = current.setScale(COST_SCALE);
            anomaly = false;
        } else {
            // current / (baseline / n) = current × n / baseline; compared exactly with the threshold
            BigDecimal scaled = current.multiply(windows);
            ratio = scaled.divide(baselineTotal, COST_SCALE, RoundingMode.HALF_UP);
            anomaly = scaled.compareTo(threshold.multiply(baselineTotal)) >= 0;
        }
        ctx.json(new Anomaly(provider, split, end, baselineWindows, sums.current(), baselineAverage, ratio, threshold,
                anomaly, NO_SAMPLE_LIMIT, purpose.stored()));
    }

    private void cost(Context ctx) throws Exception {
        Validation v = new Validation();
        Optional<Instant> fromParam = instant(v, "from", ctx.queryParam("from"));
        Optional<Instant> toParam = instant(v, "to", ctx.queryParam("to"));
        Optional<String> provider = optionalProvider(v, ctx.queryParam("provider"));
        v.check();
        Instant to = toParam.orElseGet(clock::instant);
        Instant from = fromParam.orElseGet(() -> to.minus(DEFAULT_COST_PERIOD));
        if (!to.isAfter(from)) {
            v.problem("to", "must be after from");
        } else if (Duration.between(from, to).compareTo(MAX_COST_PERIOD) > 0) {
            v.problem("from", "the period must be at most " + MAX_COST_PERIOD.toDays() + " days");
        }
        v.check();
        List<CostItem> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(COST_SCALE);
        for (AnalyticsStore.OrgTokens row : store.allowedTokensByOrg(from, to, provider)) {
            LlmTokenSettings.Provider p = settings.providers().get(row.provider());
            // A provider since removed from the settings has no price left to charge.
            BigDecimal price = p == null || p.pricePerToken() == null ? BigDecimal.ZERO : p.pricePerToken();
            BigDecimal cost = price.multiply(BigDecimal.valueOf(row.tokens())).setScale(COST_SCALE, RoundingMode.HALF_UP);
            items.add(new CostItem(row.orgId(), row.provider(), row.tokens(), price, cost));
            total = total.add(cost);
        }
        items.sort(Comparator.comparing(CostItem::orgId).thenComparing(CostItem::provider));
        List<AnalyticsViews.RndCostItem> rndItems = new ArrayList<>();
        BigDecimal rndTotal = BigDecimal.ZERO.setScale(COST_SCALE);
        for (AnalyticsStore.RndTokens row : store.rndTokens(from, to, provider)) {
            BigDecimal price = price(row.provider());
            BigDecimal cost = price.multiply(BigDecimal.valueOf(row.tokens())).setScale(COST_SCALE, RoundingMode.HALF_UP);
            rndItems.add(new AnalyticsViews.RndCostItem(row.function(), row.engineer(), row.provider(), row.tokens(),
                    price, cost));
            rndTotal = rndTotal.add(cost);
        }
        rndItems.sort(Comparator.comparing(AnalyticsViews.RndCostItem::function, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(AnalyticsViews.RndCostItem::engineer, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(AnalyticsViews.RndCostItem::provider));
        ctx.json(new CostReport(from, to, settings.currency(), items, total, rndItems, rndTotal));
    }

    private BigDecimal price(String provider) {
        LlmTokenSettings.Provider p = settings.providers().get(provider);
        return p == null || p.pricePerToken() == null ? BigDecimal.ZERO : p.pricePerToken();
    }

    /**
     * The {@code purpose} filter: {@code PRODUCT} (the default: the figures these routes always reported) or the
     * Prompt Lab's {@code R&D} (also {@code RND}, which needs no escaping in a query).
     */
    private static UsageEvent.Purpose purpose(Validation v, String text) {
        if (text == null) {
            return UsageEvent.Purpose.PRODUCT;
        }
        UsageEvent.Purpose purpose = UsageEvent.Purpose.parse(text);
        if (purpose == null) {
            v.problem("purpose", "must be PRODUCT or R&D (RND)");
            return UsageEvent.Purpose.PRODUCT;
        }
        return purpose;
    }

    /** The caller's own user id for a non-admin (their events only); empty for ADMIN (every event). */
    private static Optional<String> scope(Context ctx) {
        Principal caller = Principals.require(ctx);
        if (caller.isAdmin()) {
            return Optional.empty();
        }
        return Optional.of(caller.userId().orElseThrow(() ->
                ApiError.of(ErrorCode.FORBIDDEN, "analytics are for users")));
    }

    private List<String> providerNames() {
        List<String> names = new ArrayList<>();
        LlmTokenSettings.PROVIDERS.stream().filter(settings.providers()::containsKey).forEach(names::add);
        settings.providers().keySet().stream().filter(n -> !names.contains(n)).sorted().forEach(names::add);
        return names;
    }

    private String requiredProvider(Validation v, String provider) {
        if (provider == null || provider.isBlank()) {
            v.problem("provider", "is required");
            return provider;
        }
        return optionalProvider(v, provider).orElse(null);
    }

    private Optional<String> optionalProvider(Validation v, String provider) {
        if (provider == null) {
            return Optional.empty();
        }
        if (!settings.providers().containsKey(provider)) {
            v.problem("provider", "must be one of " + String.join(", ", providerNames()));
            return Optional.empty();
        }
        return Optional.of(provider);
    }

    /** An optional whole-number parameter within {@code [min, max]}; {@code fallback} when absent. */
    private static int whole(Validation v, String field, String text, int fallback, int min, int max) {
        return v.optionalWhole(field, text, fallback, min, max);
    }

    private static BigDecimal threshold(Validation v, String text) {
        if (text == null) {
            return DEFAULT_THRESHOLD;
        }
        try {
            BigDecimal value = new BigDecimal(text.trim());
            if (value.compareTo(BigDecimal.ONE) > 0 && value.compareTo(MAX_THRESHOLD) <= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.problem("thresholdMultiplier", "must be a number above 1 and at most " + MAX_THRESHOLD);
        return DEFAULT_THRESHOLD;
    }

    private static Optional<Instant> instant(Validation v, String field, String text) {
        return Optional.ofNullable(v.optionalInstant(field, text, "2026-01-01T00:00:00Z"));
    }
}
