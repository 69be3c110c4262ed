package dev.familiar.server.dashboard;

import dev.familiar.server.auth.Access;
import dev.familiar.server.http.ApiResponses;
import dev.familiar.server.http.RouteModule;
import dev.familiar.server.http.RouteTable;
import dev.familiar.server.http.Validation;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The administrators' dashboards (issue 16), ADMIN, envelope answers; see {@code DashboardClient} and
 * docs/admin/dashboards.md. Every route takes UTC days {@code from}..{@code to} ({@code yyyy-MM-dd}, both inclusive;
 * default the last 30 days to today) within a bounded span: {@link #MAX_SPAN_DAYS} for the token series and one organisation's usage, {@link #MAX_COST_SPAN_DAYS} for the cost,
 * {@link #MAX_TOP_USERS_SPAN_DAYS} for top users, {@link #MAX_ANOMALY_SPAN_DAYS} for anomalies and
 * {@link #MAX_ALL_ORGS_USAGE_SPAN_DAYS} for the
 * usage of all organisations (one row per organisation, day and metric).
 */
public final class DashboardRoutes implements RouteModule {
    static final int DEFAULT_SPAN_DAYS = 30;
    static final int MAX_SPAN_DAYS = 366;
    /** Users × days × providers barely compress: 92 days of 1M events/year took p95 286 ms on PostgreSQL, 30 days 120 ms. */
    static final int MAX_TOP_USERS_SPAN_DAYS = 31;
    static final int MAX_ALL_ORGS_USAGE_SPAN_DAYS = 92;
    static final int MAX_ANOMALY_SPAN_DAYS = 92;
    /** Organisations × providers × purposes × days: a year of 50 organisations took p95 324 ms on PostgreSQL. */
    static final int MAX_COST_SPAN_DAYS = 92;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int DEFAULT_BASELINE_DAYS = 7;
    static final int MAX_BASELINE_DAYS = 90;
    static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("3");
    static final BigDecimal MAX_THRESHOLD = new BigDecimal("100");
    static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final Pattern METRIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private final Dashboards dashboards;

    public DashboardRoutes(Dashboards dashboards) {
        this.dashboards = dashboards;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/api/admin/dashboard/usage", Access.ADMIN, this::usage);
        routes.get("/api/admin/dashboard/tokens", Access.ADMIN, this::tokens);
        routes.get("/api/admin/dashboard/top-users", Access.ADMIN, this::topUsers);
        routes.get("/api/admin/dashboard/anomalies", Access.ADMIN, this::anomalies);
        routes.get("/api/admin/dashboard/cost", Access.ADMIN, this::cost);
    }

    /** A validated period. */
    record Period(LocalDate from, LocalDate to) {
    }

    private void usage(Context ctx) throws Exception {
        Validation v = new Validation();
        // Every organisation's day is a row: all organisations over a year answered ~2 MB (p95 over 300 ms in
        // bench/dashboard.sh), so without orgId the period is bounded like anomalies.
        Period p = period(v, ctx, ctx.queryParam("orgId") == null ? MAX_ALL_ORGS_USAGE_SPAN_DAYS : MAX_SPAN_DAYS);
        Optional<String> org = optional(v, "orgId", ctx.queryParam("orgId"), 36, ORG_ID, "must be an organisation id");
        Optional<String> metric = optional(v, "metric", ctx.queryParam("metric"), 64, METRIC, "must be a metric name");
        v.check();
        ApiResponses.ok(ctx, dashboards.usage(p.from(), p.to(), org, metric));
    }

    private void tokens(Context ctx) throws Exception {
        Validation v = new Validation();
        Period p = period(v, ctx, MAX_SPAN_DAYS);
        Optional<String> org = optional(v, "orgId", ctx.queryParam("orgId"), 36, ORG_ID, "must be an organisation id");
        Optional<String> provider = optional(v, "provider", ctx.queryParam("provider"), 32, PROVIDER,
                "must be a provider name");
        v.check();
        ApiResponses.ok(ctx, dashboards.tokens(p.from(), p.to(), org, provider));
    }

    private void topUsers(Context ctx) throws Exception {
        Validation v = new Validation();
        Period p = period(v, ctx, MAX_TOP_USERS_SPAN_DAYS);
        Optional<String> org = optional(v, "orgId", ctx.queryParam("orgId"), 36, ORG_ID, "must be an organisation id");
        Optional<String> provider = optional(v, "provider", ctx.queryParam("provider"), 32, PROVIDER,
                "must be a provider name");
        int limit = v.optionalWhole("limit", ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
        v.check();
        ApiResponses.ok(ctx, dashboards.topUsers(p.from(), p.to(), org, provider, limit));
    }

    private void anomalies(Context ctx) throws Exception {
        Validation v = new Validation();
        Period p = period(v, ctx, MAX_ANOMALY_SPAN_DAYS);
        Optional<String> org = optional(v, "orgId", ctx.queryParam("orgId"), 36, ORG_ID, "must be an organisation id");
        BigDecimal threshold = threshold(v, ctx.queryParam("threshold"));
        int baselineDays = v.optionalWhole("baselineDays", ctx.queryParam("baselineDays"), DEFAULT_BASELINE_DAYS, 1,
                MAX_BASELINE_DAYS);
        v.check();
        ApiResponses.ok(ctx, dashboards.anomalies(p.from(), p.to(), org, threshold, baselineDays));
    }

    private void cost(Context ctx) throws Exception {
        Validation v = new Validation();
        Period p = period(v, ctx, MAX_COST_SPAN_DAYS);
        v.check();
        ApiResponses.ok(ctx, dashboards.cost(p.from(), p.to()));
    }

    /**
     * {@code from} and {@code to} as UTC days; absent {@code to} is today, absent {@code from} is 29 days before
     * {@code to}. {@code from} after {@code to} or a span of more than {@code maxSpan} days is a problem of
     * {@code from}.
     */
    private Period period(Validation v, Context ctx, int maxSpan) {
        Optional<LocalDate> from = day(v, "from", ctx.queryParam("from"));
        Optional<LocalDate> to = day(v, "to", ctx.queryParam("to"));
        LocalDate end = to.orElseGet(dashboards::today);
        LocalDate start = from.orElse(end.minusDays(DEFAULT_SPAN_DAYS - 1L));
        if (start.isAfter(end)) {
            v.problem("from", "must not be after to");
        } else if (ChronoUnit.DAYS.between(start, end) + 1 > maxSpan) {
            v.problem("from", "the period must be at most " + maxSpan + " days (from and to inclusive)");
        }
        return new Period(start, end);
    }

    private static Optional<LocalDate> day(Validation v, String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text));
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        v.problem(field, "must be a day yyyy-MM-dd such as 2026-11-01");
        return Optional.empty();
    }

    private static Optional<String> optional(Validation v, String field, String text, int max, Pattern pattern,
                                             String rule) {
        if (text == null) {
            return Optional.empty();
        }
        v.text(field, text, 1, max, pattern, rule);
        return Optional.of(text);
    }

    private static BigDecimal threshold(Validation v, String text) {
        if (text == null) {
            return DEFAULT_THRESHOLD;
        }
        try {
            if (text.length() <= 20) {
                BigDecimal value = new BigDecimal(text);
                if (value.compareTo(BigDecimal.ONE) > 0 && value.compareTo(MAX_THRESHOLD) <= 0) {
                    return value;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.problem("threshold", "must be a number above 1 and at most " + MAX_THRESHOLD);
        return DEFAULT_THRESHOLD;
    }
}
