package dev.familiar.server.llm.analytics;

import dev.familiar.model.llm.AnalyticsViews.TopUser;
import dev.familiar.model.llm.AnalyticsViews.UsageEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads {@code token_usage_event} for analytics, computed on demand in SQL (aggregates and {@code GROUP BY}; no
 * rows are loaded to be counted in Java). Every query may be narrowed to one user ({@code userId}), which is how a
 * non-admin caller is confined to their own events. Time windows are half-open at the start:
 * {@code start < occurred_at <= end}, so an event recorded at the request's own instant belongs to the current
 * window and consecutive windows never count an event twice. Every read but the cost's is of one purpose
 * ({@code PRODUCT} or {@code R&D}): product and R&D figures are never mixed. Portable between H2 and PostgreSQL.
 */
public final class AnalyticsStore {
    private final DataSource dataSource;

    public AnalyticsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Aggregates of one provider over one window. */
    public record Totals(long totalEvents, long allowedEvents, long allowedTokens, long uniqueUsers) {
    }

    /** Allowed tokens of the current window and of the baseline windows before it, together. */
    public record WindowSums(long current, long baseline) {
    }

    /** Allowed tokens of one organisation and provider over a period. */
    public record OrgTokens(String orgId, String provider, long tokens) {
    }

    /** R&D tokens of one engineer, function and provider over a period. */
    public record RndTokens(String function, String engineer, String provider, long tokens) {
    }

    /** The newest {@code limit} events of {@code purpose}, newest first (ties by id, so the order is stable). */
    public List<UsageEntry> recent(Optional<String> userId, Optional<String> provider, int limit,
                                   UsageEvent.Purpose purpose) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT user_id, org_id, provider, tokens, allowed, outcome, occurred_at, "
                + "request_id, ip_address, purpose, function_name FROM token_usage_event WHERE purpose = ?");
        List<Object> args = new ArrayList<>(List.of(purpose.stored()));
        userId.ifPresent(u -> {
            sql.append(" AND user_id = ?");
            args.add(u);
        });
        provider.ifPresent(p -> {
            sql.append(" AND provider = ?");
            args.add(p);
        });
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        args.add(limit);
        List<UsageEntry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries.add(new UsageEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getBoolean(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8),
                        rs.getString(9), rs.getString(10), rs.getString(11)));
            }
        }
        return entries;
    }

    /** Counts and allowed tokens of {@code provider} in {@code (start, end]}. */
    public Totals totals(String provider, Optional<String> userId, Instant start, Instant end,
                         UsageEvent.Purpose purpose) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*), "
                + "COALESCE(SUM(CASE WHEN allowed THEN 1 ELSE 0 END), 0), "
                + "COALESCE(SUM(CASE WHEN allowed THEN tokens ELSE 0 END), 0), "
                + "COUNT(DISTINCT user_id) FROM token_usage_event");
        List<Object> args = new ArrayList<>();
        window(sql, args, provider, userId, start, end, purpose);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /**
     * The {@code limit} users with the most allowed tokens of {@code provider} in {@code (start, end]} (ties by user
     * id), with all their attempts in the window counted as events.
     */
    public List<TopUser> topUsers(String provider, Optional<String> userId, Instant start, Instant end, int limit,
                                  UsageEvent.Purpose purpose) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT user_id, COALESCE(SUM(CASE WHEN allowed THEN tokens ELSE 0 END), 0) "
                + "AS allowed_tokens, COUNT(*) AS events FROM token_usage_event");
        List<Object> args = new ArrayList<>();
        window(sql, args, provider, userId, start, end, purpose);
        sql.append(" GROUP BY user_id ORDER BY allowed_tokens DESC, user_id LIMIT ?");
        args.add(limit);
        List<TopUser> users = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(new TopUser(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return users;
    }

    /**
     * Allowed tokens of {@code provider} in the current window {@code (split, end]} and in the baseline
     * {@code (start, split]}, in one scan.
     */
    public WindowSums windowSums(String provider, Optional<String> userId, Instant start, Instant split, Instant end,
                                 UsageEvent.Purpose purpose) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT "
                + "COALESCE(SUM(CASE WHEN occurred_at > ? THEN tokens ELSE 0 END), 0), "
                + "COALESCE(SUM(CASE WHEN occurred_at <= ? THEN tokens ELSE 0 END), 0) FROM token_usage_event");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(split), Timestamp.from(split)));
        window(sql, args, provider, userId, start, end, purpose);
        sql.append(" AND allowed = TRUE");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new WindowSums(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * Allowed tokens per organisation (the event's {@code org_id}, else its {@code tenant_id}) and provider in
     * {@code [from, to)}: periods that follow each other never count an event twice. Product use only. Unordered.
     */
    public List<OrgTokens> allowedTokensByOrg(Instant from, Instant to, Optional<String> provider) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT COALESCE(org_id, tenant_id) AS org, provider, SUM(tokens) "
                + "FROM token_usage_event WHERE purpose = ? AND allowed = TRUE AND occurred_at >= ? AND occurred_at < ?");
        List<Object> args = new ArrayList<>(List.of(UsageEvent.Purpose.PRODUCT.stored(), Timestamp.from(from),
                Timestamp.from(to)));
        provider.ifPresent(p -> {
            sql.append(" AND provider = ?");
            args.add(p);
        });
        sql.append(" GROUP BY COALESCE(org_id, tenant_id), provider");
        List<OrgTokens> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new OrgTokens(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return rows;
    }

    /** R&D tokens per function, engineer and provider in {@code [from, to)} (the Prompt Lab's use). Unordered. */
    public List<RndTokens> rndTokens(Instant from, Instant to, Optional<String> provider) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT function_name, engineer, provider, SUM(tokens) FROM token_usage_event "
                + "WHERE purpose = ? AND allowed = TRUE AND occurred_at >= ? AND occurred_at < ?");
        List<Object> args = new ArrayList<>(List.of(UsageEvent.Purpose.RND.stored(), Timestamp.from(from),
                Timestamp.from(to)));
        provider.ifPresent(p -> {
            sql.append(" AND provider = ?");
            args.add(p);
        });
        sql.append(" GROUP BY function_name, engineer, provider");
        List<RndTokens> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new RndTokens(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return rows;
    }

    /** Deletes the events that occurred before {@code cutoff}; the number deleted. */
    public int deleteBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM token_usage_event WHERE occurred_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            return ps.executeUpdate();
        }
    }

    private static void window(StringBuilder sql, List<Object> args, String provider, Optional<String> userId,
                               Instant start, Instant end, UsageEvent.Purpose purpose) {
        sql.append(" WHERE purpose = ? AND provider = ? AND occurred_at > ? AND occurred_at <= ?");
        args.add(purpose.stored());
        args.add(provider);
        args.add(Timestamp.from(start));
        args.add(Timestamp.from(end));
        userId.ifPresent(u -> {
            sql.append(" AND user_id = ?");
            args.add(u);
        });
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
