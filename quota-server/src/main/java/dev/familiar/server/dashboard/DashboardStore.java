package dev.familiar.server.dashboard;

import dev.familiar.model.dashboard.TokenDay;
import dev.familiar.model.dashboard.TopUser;
import dev.familiar.model.dashboard.UsageDay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The dashboards' SQL: the daily rollups ({@code dash_*} tables, V19) and the raw events they are made of
 * ({@code token_usage_event}, {@code usage_event}). Every read takes a {@link Split}: the days up to the rollup's
 * {@code rolledThrough} come from the rollup tables, the later days live from the raw tables (an index range of
 * {@code occurred_at}), so a figure never counts an event twice nor misses one the rollup has not reached. Everything
 * is aggregated by the database; Java only receives aggregate rows. Portable between H2 and PostgreSQL: UTC days are
 * bound as parameters (half-open instant ranges), never computed from a time zone in SQL. Thread-safe (stateless).
 */
public final class DashboardStore {
    static final String TOKENS = "tokens";
    static final String USAGE = "usage";
    static final String PRODUCT = "PRODUCT";

    /** The aggregates of one group of token attempts, in {@link TokenDay}'s order (allowed … denied tokens). */
    private static final String TOKEN_AGGREGATES = "SUM(CASE WHEN allowed THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN allowed THEN tokens ELSE 0 END), "
            + "SUM(CASE WHEN NOT allowed AND outcome = 'RATE_LIMITED' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN NOT allowed AND outcome = 'NO_QUOTA' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN NOT allowed AND outcome = 'PROVIDER_FAILED' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN allowed THEN 0 ELSE tokens END)";
    private static final String TOKEN_COLUMNS = "allowed_events, allowed_tokens, rate_limited_events, no_quota_events, "
            + "provider_failed_events, denied_tokens";
    private static final String EVENT_ORG = "COALESCE(org_id, tenant_id)";

    private final DataSource dataSource;

    public DashboardStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Where a period splits between rollup and raw events: days {@code from..min(to, rolledThrough)} are read from
     * the rollup, days {@code max(from, rolledThrough + 1)..to} from the raw table.
     */
    record Split(LocalDate from, LocalDate to, LocalDate rolledThrough) {
        LocalDate rolledTo() {
            if (rolledThrough == null) {
                return from.minusDays(1);
            }
            return rolledThrough.isBefore(to) ? rolledThrough : to;
        }

        LocalDate liveFrom() {
            return rolledThrough == null || rolledThrough.isBefore(from) ? from : rolledThrough.plusDays(1);
        }

        /** The live days, each one; none when the rollup covers the period. */
        List<LocalDate> liveDays(LocalDate lastPossible) {
            List<LocalDate> days = new ArrayList<>();
            LocalDate end = lastPossible.isBefore(to) ? lastPossible : to;
            for (LocalDate d = liveFrom(); !d.isAfter(end); d = d.plusDays(1)) {
                days.add(d);
            }
            return days;
        }
    }

    /** The state of the two rollups: the last day each has rolled (null: none yet). */
    record RollupState(LocalDate tokensThrough, LocalDate usageThrough) {
    }

    /** Allowed tokens of one organisation, provider and purpose over a period, with the organisation's name. */
    record OrgTokens(String orgId, String orgName, String provider, String purpose, long tokens) {
    }

    /** Allowed product tokens of one organisation and provider on one day. */
    record OrgDayTokens(String orgId, String provider, LocalDate day, long tokens) {
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    RollupState state() throws SQLException {
        LocalDate tokens = null;
        LocalDate usage = null;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, rolled_through FROM dash_rollup_state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LocalDate through = rs.getObject(2, LocalDate.class);
                if (TOKENS.equals(rs.getString(1))) {
                    tokens = through;
                } else if (USAGE.equals(rs.getString(1))) {
                    usage = through;
                }
            }
        }
        return new RollupState(tokens, usage);
    }

    // ---- reads ----------------------------------------------------------------------------------------------------

    /** Token attempts per day, provider and purpose, of the platform ({@code orgId} empty) or one organisation. */
    List<TokenDay> tokenDays(Split split, Optional<String> orgId, Optional<String> provider, LocalDate today)
            throws SQLException {
        List<TokenDay> days = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT day_utc, provider, purpose, " + TOKEN_COLUMNS + " FROM "
                + (orgId.isPresent() ? "dash_org_token_day" : "dash_token_day") + " WHERE day_utc >= ? AND day_utc <= ?");
        List<Object> args = new ArrayList<>(List.of(split.from(), split.rolledTo()));
        orgId.ifPresent(o -> {
            sql.append(" AND org_id = ?");
            args.add(o);
        });
        provider.ifPresent(p -> {
            sql.append(" AND provider = ?");
            args.add(p);
        });
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(new TokenDay(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
                }
            }
            for (LocalDate day : split.liveDays(today)) {
                StringBuilder live = new StringBuilder("SELECT provider, purpose, " + TOKEN_AGGREGATES
                        + " FROM token_usage_event WHERE occurred_at >= ? AND occurred_at < ?");
                List<Object> liveArgs = new ArrayList<>(List.of(ts(startOf(day)), ts(startOf(day.plusDays(1)))));
                orgId.ifPresent(o -> {
                    live.append(" AND " + EVENT_ORG + " = ?");
                    liveArgs.add(o);
                });
                provider.ifPresent(p -> {
                    live.append(" AND provider = ?");
                    liveArgs.add(p);
                });
                live.append(" GROUP BY provider, purpose");
                try (PreparedStatement ps = prepare(c, live.toString(), liveArgs); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.add(new TokenDay(day, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                    }
                }
            }
        }
        return days;
    }

    /** Metered usage per day, organisation and metric. */
    List<UsageDay> usageDays(Split split, Optional<String> orgId, Optional<String> metric, LocalDate lastPossible)
            throws SQLException {
        List<UsageDay> days = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT day_utc, org_id, metric, units, events FROM dash_usage_day "
                + "WHERE day_utc >= ? AND day_utc <= ?");
        List<Object> args = new ArrayList<>(List.of(split.from(), split.rolledTo()));
        orgId.ifPresent(o -> {
            sql.append(" AND org_id = ?");
            args.add(o);
        });
        metric.ifPresent(m -> {
            sql.append(" AND metric = ?");
            args.add(m);
        });
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(new UsageDay(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getLong(5)));
                }
            }
            for (LocalDate day : split.liveDays(lastPossible)) {
                StringBuilder live = new StringBuilder("SELECT tenant_id, metric, SUM(amount), COUNT(*) FROM usage_event "
                        + "WHERE occurred_at >= ? AND occurred_at < ?");
                List<Object> liveArgs = new ArrayList<>(List.of(ts(startOf(day)), ts(startOf(day.plusDays(1)))));
                orgId.ifPresent(o -> {
                    live.append(" AND tenant_id = ?");
                    liveArgs.add(o);
                });
                metric.ifPresent(m -> {
                    live.append(" AND metric = ?");
                    liveArgs.add(m);
                });
                live.append(" GROUP BY tenant_id, metric");
                try (PreparedStatement ps = prepare(c, live.toString(), liveArgs); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        days.add(new UsageDay(day, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
        }
        return days;
    }

    /**
     * The {@code limit} users with the most allowed product tokens over the period (ties by user id), rollup and
     * live day combined in one statement, with their username (null when the user is gone).
     */
    List<TopUser> topUsers(Split split, Optional<String> orgId, Optional<String> provider, int limit)
            throws SQLException {
        StringBuilder rolled = new StringBuilder("SELECT user_id, org_id, allowed_tokens, events, denied_events "
                + "FROM dash_user_token_day WHERE day_utc >= ? AND day_utc <= ?");
        List<Object> args = new ArrayList<>(List.of(split.from(), split.rolledTo()));
        orgId.ifPresent(o -> {
            rolled.append(" AND org_id = ?");
            args.add(o);
        });
        provider.ifPresent(p -> {
            rolled.append(" AND provider = ?");
            args.add(p);
        });
        StringBuilder live = new StringBuilder("SELECT user_id, " + EVENT_ORG + ", CASE WHEN allowed THEN tokens ELSE 0 END, "
                + "1, CASE WHEN allowed THEN 0 ELSE 1 END FROM token_usage_event "
                + "WHERE purpose = ? AND occurred_at >= ? AND occurred_at < ?");
        args.add(PRODUCT);
        args.add(ts(startOf(split.liveFrom())));
        args.add(ts(startOf(split.to().plusDays(1))));
        orgId.ifPresent(o -> {
            live.append(" AND " + EVENT_ORG + " = ?");
            args.add(o);
        });
        provider.ifPresent(p -> {
            live.append(" AND provider = ?");
            args.add(p);
        });
        args.add(limit);
        String sql = "SELECT t.user_id, u.username, t.org_id, t.allowed_tokens, t.events, t.denied FROM ("
                + "SELECT user_id, MAX(org_id) AS org_id, SUM(allowed_tokens) AS allowed_tokens, SUM(events) AS events, "
                + "SUM(denied_events) AS denied FROM (" + rolled + " UNION ALL " + live + ") e "
                + "GROUP BY user_id ORDER BY allowed_tokens DESC, user_id LIMIT ?) t "
                + "LEFT JOIN app_user u ON u.id = t.user_id ORDER BY t.allowed_tokens DESC, t.user_id";
        List<TopUser> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(new TopUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6)));
            }
        }
        return users;
    }

    /** Allowed tokens per organisation, provider and purpose over the period (groups with tokens only). */
    List<OrgTokens> allowedTokensByOrg(Split split) throws SQLException {
        // Aggregated first, then the (few) groups joined with their names.
        String sql = "SELECT g.org_id, t.name, g.provider, g.purpose, g.tokens FROM ("
                + "SELECT org_id, provider, purpose, SUM(tokens) AS tokens FROM ("
                + "SELECT org_id, provider, purpose, allowed_tokens AS tokens FROM dash_org_token_day "
                + "WHERE day_utc >= ? AND day_utc <= ? UNION ALL "
                + "SELECT " + EVENT_ORG + " AS org_id, provider, purpose, tokens FROM token_usage_event "
                + "WHERE allowed = TRUE AND occurred_at >= ? AND occurred_at < ?) e "
                + "GROUP BY org_id, provider, purpose HAVING SUM(tokens) > 0) g LEFT JOIN tenant t ON t.id = g.org_id";
        List<Object> args = List.of(split.from(), split.rolledTo(), ts(startOf(split.liveFrom())),
                ts(startOf(split.to().plusDays(1))));
        List<OrgTokens> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new OrgTokens(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
            }
        }
        return rows;
    }

    /** Allowed product tokens per organisation, provider and day (days with tokens only). */
    List<OrgDayTokens> productTokensPerOrgDay(Split split, Optional<String> orgId, LocalDate today) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT org_id, provider, day_utc, allowed_tokens FROM dash_org_token_day "
                + "WHERE purpose = ? AND day_utc >= ? AND day_utc <= ? AND allowed_tokens > 0");
        List<Object> args = new ArrayList<>(List.of(PRODUCT, split.from(), split.rolledTo()));
        orgId.ifPresent(o -> {
            sql.append(" AND org_id = ?");
            args.add(o);
        });
        List<OrgDayTokens> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OrgDayTokens(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                            rs.getLong(4)));
                }
            }
            for (LocalDate day : split.liveDays(today)) {
                StringBuilder live = new StringBuilder("SELECT " + EVENT_ORG + ", provider, SUM(tokens) FROM "
                        + "token_usage_event WHERE purpose = ? AND allowed = TRUE AND occurred_at >= ? AND occurred_at < ?");
                List<Object> liveArgs = new ArrayList<>(List.of(PRODUCT, ts(startOf(day)), ts(startOf(day.plusDays(1)))));
                orgId.ifPresent(o -> {
                    live.append(" AND " + EVENT_ORG + " = ?");
                    liveArgs.add(o);
                });
                live.append(" GROUP BY " + EVENT_ORG + ", provider");
                try (PreparedStatement ps = prepare(c, live.toString(), liveArgs); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new OrgDayTokens(rs.getString(1), rs.getString(2), day, rs.getLong(3)));
                    }
                }
            }
        }
        return rows;
    }

    // ---- the rollup (called by DashboardRollup inside its transactions) -------------------------------------------

    /** Locks the rollup's state row until the transaction ends and answers it. */
    LockedState lock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rolled_through, watermark FROM dash_rollup_state WHERE name = ? FOR UPDATE")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no dash_rollup_state row " + name);
                }
                Timestamp w = rs.getTimestamp(2);
                return new LockedState(rs.getObject(1, LocalDate.class), w == null ? null : w.toInstant());
            }
        }
    }

    /** A locked state row: the last day rolled and the received_at watermark (usage). */
    record LockedState(LocalDate rolledThrough, Instant watermark) {
    }

    void saveState(Connection c, String name, LocalDate rolledThrough, Instant watermark) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE dash_rollup_state SET rolled_through = ?, watermark = ? WHERE name = ?")) {
            ps.setObject(1, rolledThrough);
            ps.setTimestamp(2, watermark == null ? null : ts(watermark));
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    /** The instant of the first token event, if any. */
    Optional<Instant> firstTokenEvent(Connection c) throws SQLException {
        return first(c, "SELECT MIN(occurred_at) FROM token_usage_event");
    }

    /** The instant of the first metered event, if any. */
    Optional<Instant> firstUsageEvent(Connection c) throws SQLException {
        return first(c, "SELECT MIN(occurred_at) FROM usage_event");
    }

    /**
     * The earliest {@code occurred_at} at or after {@code from} and before {@code before} among the metered events
     * received after {@code receivedAfter}: the next day late events touched.
     */
    Optional<Instant> nextLateEvent(Connection c, Instant receivedAfter, Instant from, Instant before)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT MIN(occurred_at) FROM usage_event WHERE received_at > ? "
                + "AND occurred_at >= ? AND occurred_at < ?", List.of(ts(receivedAfter), ts(from), ts(before)));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        }
    }

    /** Replaces the token rollups of {@code day} with the day's events, aggregated. */
    void rollTokenDay(Connection c, LocalDate day) throws SQLException {
        for (String table : List.of("dash_token_day", "dash_org_token_day", "dash_user_token_day")) {
            try (PreparedStatement ps = prepare(c, "DELETE FROM " + table + " WHERE day_utc = ?", List.of(day))) {
                ps.executeUpdate();
            }
        }
        Timestamp from = ts(startOf(day));
        Timestamp to = ts(startOf(day.plusDays(1)));
        update(c, "INSERT INTO dash_token_day (day_utc, provider, purpose, " + TOKEN_COLUMNS + ") "
                + "SELECT CAST(? AS DATE), provider, purpose, " + TOKEN_AGGREGATES + " FROM token_usage_event "
                + "WHERE occurred_at >= ? AND occurred_at < ? GROUP BY provider, purpose", List.of(day, from, to));
        update(c, "INSERT INTO dash_org_token_day (org_id, day_utc, provider, purpose, " + TOKEN_COLUMNS + ") "
                + "SELECT " + EVENT_ORG + ", CAST(? AS DATE), provider, purpose, " + TOKEN_AGGREGATES
                + " FROM token_usage_event WHERE occurred_at >= ? AND occurred_at < ? "
                + "GROUP BY " + EVENT_ORG + ", provider, purpose", List.of(day, from, to));
        update(c, "INSERT INTO dash_user_token_day (day_utc, user_id, provider, org_id, allowed_tokens, events, denied_events) "
                + "SELECT CAST(? AS DATE), user_id, provider, " + EVENT_ORG + ", SUM(CASE WHEN allowed THEN tokens ELSE 0 END), "
                + "COUNT(*), SUM(CASE WHEN allowed THEN 0 ELSE 1 END) FROM token_usage_event "
                + "WHERE purpose = ? AND occurred_at >= ? AND occurred_at < ? "
                + "GROUP BY user_id, provider, " + EVENT_ORG, List.of(day, PRODUCT, from, to));
    }

    /** Replaces the metered-usage rollup of {@code day} with the day's events, aggregated. */
    void rollUsageDay(Connection c, LocalDate day) throws SQLException {
        update(c, "DELETE FROM dash_usage_day WHERE day_utc = ?", List.of(day));
        update(c, "INSERT INTO dash_usage_day (org_id, day_utc, metric, units, events) "
                + "SELECT tenant_id, CAST(? AS DATE), metric, SUM(amount), COUNT(*) FROM usage_event "
                + "WHERE occurred_at >= ? AND occurred_at < ? GROUP BY tenant_id, metric",
                List.of(day, ts(startOf(day)), ts(startOf(day.plusDays(1)))));
    }

    private static Optional<Instant> first(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return Optional.ofNullable(t).map(Timestamp::toInstant);
        }
    }

    private static void update(Connection c, String sql, List<Object> args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.executeUpdate();
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t);
                } else if (arg instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (arg instanceof LocalDate d) {
                    ps.setObject(i + 1, d);
                } else {
                    ps.setString(i + 1, (String) arg);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
