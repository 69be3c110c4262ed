package dev.familiar.server.llm.settings;

import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.quota.QuotaWindow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tiers, the default tier and tenants' own buckets as rows ({@code token_settings}, {@code token_tier},
 * {@code token_tenant_limit}; V18). Every write runs in one transaction that first moves {@code token_settings.version}
 * by one: the row lock serialises writers, and other servers see the new version. Thread-safe.
 */
public final class TokenSettingsStore {
    /** What a server holds: the version read and the settings of that version. */
    public record Stored(long version, String defaultTier, Map<String, LlmTokenSettings.Tier> tiers,
                         Map<String, LlmTokenSettings.TenantLimit> tenantLimits) {
        public Stored {
            tiers = Map.copyOf(tiers);
            tenantLimits = Map.copyOf(tenantLimits);
        }
    }

    /** A tenant's own limit as administrators see it. */
    public record LimitRow(String tenantId, String tenantName, long capacity, long windowSeconds, String updatedBy,
                           Instant updatedAt) {
    }

    /** A user quota of a tier's users: used in its window (0 when the window has ended) and the user's custom cap. */
    public record UserQuotaRow(long usedTokens, Long customTokens) {
    }

    private final DataSource dataSource;

    public TokenSettingsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes {@code env}'s tiers, default tier and tenant limits when nothing was ever stored (first start on this
     * database); answers whether it did. Two servers starting at once seed once (the settings row's lock).
     */
    public boolean seedIfEmpty(LlmTokenSettings env, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int claimed;
                try (PreparedStatement ps = c.prepareStatement("UPDATE token_settings SET version = version + 1, "
                        + "default_tier = ?, updated_at = ?, updated_by = ? WHERE id = 1 AND default_tier IS NULL")) {
                    ps.setString(1, env.defaultTier());
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, SEEDED_BY);
                    claimed = ps.executeUpdate();
                }
                if (claimed == 1) {
                    for (LlmTokenSettings.Tier t : env.tiers().values()) {
                        insertTier(c, t, SEEDED_BY, now);
                    }
                    for (Map.Entry<String, LlmTokenSettings.TenantLimit> e : env.tenantLimits().entrySet()) {
                        upsertLimit(c, e.getKey(), e.getValue().capacity(), e.getValue().window().toSeconds(),
                                SEEDED_BY, now);
                    }
                }
                c.commit();
                return claimed == 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Who wrote the rows seeded from the environment. */
    public static final String SEEDED_BY = "environment";

    /** The version now (one indexed read of one row: what servers compare against the version they hold). */
    public long version() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version FROM token_settings WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Everything a server needs, read in one transaction so the version matches the rows. */
    public Stored load() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                long version;
                String defaultTier;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT version, default_tier FROM token_settings WHERE id = 1");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1);
                    defaultTier = rs.getString(2);
                }
                Map<String, LlmTokenSettings.Tier> tiers = tiers(c);
                Map<String, LlmTokenSettings.TenantLimit> limits = new HashMap<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT tenant_id, capacity, window_seconds FROM token_tenant_limit");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        limits.put(rs.getString(1), new LlmTokenSettings.TenantLimit(rs.getLong(2),
                                Duration.ofSeconds(rs.getLong(3))));
                    }
                }
                c.commit();
                return new Stored(version, defaultTier, tiers, limits);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Work inside a settings write. */
    @FunctionalInterface
    public interface Write<T> {
        T apply(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction after moving the version by one (which waits for any other writer);
     * {@code work} answering {@link Optional#empty()} rolls everything back, version included.
     */
    public <T> Optional<T> write(String by, Instant now, Write<Optional<T>> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE token_settings SET version = version + 1, "
                        + "updated_at = ?, updated_by = ? WHERE id = 1")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, by);
                    ps.executeUpdate();
                }
                Optional<T> result = work.apply(c);
                if (result.isPresent()) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Reads inside one connection (previews: the counts and rows a change would touch). */
    public <T> T read(Write<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        }
    }

    // --- statements used inside write(...) and read(...) ---

    public String defaultTier(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT default_tier FROM token_settings WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    public void setDefaultTier(Connection c, String tier) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_settings SET default_tier = ? WHERE id = 1")) {
            ps.setString(1, tier);
            ps.executeUpdate();
        }
    }

    /** Every tier, by priority then name. */
    public Map<String, LlmTokenSettings.Tier> tiers(Connection c) throws SQLException {
        Map<String, LlmTokenSettings.Tier> tiers = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, priority, quota_max_tokens, capacity_multiplier, "
                + "leak_multiplier FROM token_tier ORDER BY priority, name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tiers.put(rs.getString(1), new LlmTokenSettings.Tier(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getDouble(4), rs.getDouble(5)));
            }
        }
        return tiers;
    }

    public void insertTier(Connection c, LlmTokenSettings.Tier t, String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_tier (priority, quota_max_tokens, "
                + "capacity_multiplier, leak_multiplier, updated_at, updated_by, name) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bindTier(ps, t, by, now);
            ps.executeUpdate();
        }
    }

    public void updateTier(Connection c, LlmTokenSettings.Tier t, String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_tier SET priority = ?, quota_max_tokens = ?, "
                + "capacity_multiplier = ?, leak_multiplier = ?, updated_at = ?, updated_by = ? WHERE name = ?")) {
            bindTier(ps, t, by, now);
            ps.executeUpdate();
        }
    }

    public void deleteTier(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM token_tier WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    private static void bindTier(PreparedStatement ps, LlmTokenSettings.Tier t, String by, Instant now)
            throws SQLException {
        ps.setInt(1, t.priority());
        ps.setLong(2, t.quotaMaxTokens());
        ps.setDouble(3, t.capacityMultiplier());
        ps.setDouble(4, t.leakMultiplier());
        ps.setTimestamp(5, Timestamp.from(now));
        ps.setString(6, by);
        ps.setString(7, t.name());
    }

    /** Users with a row per tier name (users without one are on the default tier: {@link #usersWithoutTier}). */
    public Map<String, Long> usersPerTier(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tier, COUNT(*) FROM token_user_tier GROUP BY tier");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    public long usersWithoutTier(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user u WHERE NOT EXISTS "
                + "(SELECT 1 FROM token_user_tier t WHERE t.user_id = u.id)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Users with a row on one of {@code names}, per name (for the tiers a replacement would drop). */
    public Map<String, Long> usersOn(Connection c, Collection<String> names) throws SQLException {
        Map<String, Long> all = usersPerTier(c);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String n : names) {
            long count = all.getOrDefault(n, 0L);
            if (count > 0) {
                out.put(n, count);
            }
        }
        return out;
    }

    /**
     * The user quotas of the users on {@code tier} (a row naming it; null: none) and, with {@code untiered}, of users
     * without a row (the default tier's), each with what was used in its current window at {@code now} and the user's
     * custom allowance.
     */
    public List<UserQuotaRow> userQuotasOn(Connection c, String tier, boolean untiered, Instant now)
            throws SQLException {
        List<UserQuotaRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT q.used_tokens, q.window_start, q.window_seconds, "
                + "t.custom_tokens FROM token_quota q LEFT JOIN token_user_tier t ON t.user_id = q.owner_id "
                + "WHERE q.owner_kind = 'USER' AND (t.tier = ?" + (untiered ? " OR t.user_id IS NULL" : "") + ")")) {
            ps.setString(1, tier);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant start = rs.getTimestamp(2).toInstant();
                    boolean current = new QuotaWindow(rs.getLong(3)).currentStart(start, now).equals(start);
                    long custom = rs.getLong(4);
                    Long customTokens = rs.wasNull() ? null : custom;
                    rows.add(new UserQuotaRow(current ? rs.getLong(1) : 0, customTokens));
                }
            }
        }
        return rows;
    }

    /**
     * Moves the quota totals of the users on {@code tier} (null: none) and, with {@code untiered}, of users without a
     * row, to {@code quotaMaxTokens} as {@code TierStore.set} does: a custom allowance stays, capped by the new
     * maximum. Answers how many quotas moved.
     */
    public int moveUserQuotas(Connection c, String tier, boolean untiered, long quotaMaxTokens, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET total_tokens = COALESCE((SELECT CASE "
                + "WHEN t.custom_tokens IS NOT NULL AND t.custom_tokens < ? THEN t.custom_tokens ELSE ? END "
                + "FROM token_user_tier t WHERE t.user_id = token_quota.owner_id), ?), updated_at = ? "
                + "WHERE owner_kind = 'USER' AND (owner_id IN (SELECT user_id FROM token_user_tier WHERE tier = ?)"
                + (untiered ? " OR owner_id NOT IN (SELECT user_id FROM token_user_tier)" : "") + ")")) {
            ps.setLong(1, quotaMaxTokens);
            ps.setLong(2, quotaMaxTokens);
            ps.setLong(3, quotaMaxTokens);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, tier);
            return ps.executeUpdate();
        }
    }

    // --- organisations' quotas ---

    /** An organisation quota row as stored, with the organisation's name. */
    public record OrgQuotaRow(String orgId, String orgName, String provider, long totalTokens, long usedTokens,
                              long windowSeconds, Instant windowStart) {
    }

    /**
     * Organisation quotas by organisation id then provider, after ({@code afterOrg}, {@code afterProvider}) when
     * given (keyset), only {@code provider}'s when given; at most {@code limit} rows.
     */
    public List<OrgQuotaRow> orgQuotas(String provider, String afterOrg, String afterProvider, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT q.owner_id, t.name, q.provider, q.total_tokens, q.used_tokens, "
                + "q.window_seconds, q.window_start FROM token_quota q LEFT JOIN tenant t ON t.id = q.owner_id "
                + "WHERE q.owner_kind = 'ORG'");
        List<String> args = new ArrayList<>();
        if (provider != null) {
            sql.append(" AND q.provider = ?");
            args.add(provider);
        }
        if (afterOrg != null) {
            sql.append(" AND (q.owner_id > ? OR (q.owner_id = ? AND q.provider > ?))");
            args.add(afterOrg);
            args.add(afterOrg);
            args.add(afterProvider);
        }
        sql.append(" ORDER BY q.owner_id, q.provider LIMIT ").append(limit);
        List<OrgQuotaRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OrgQuotaRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getTimestamp(7).toInstant()));
                }
            }
        }
        return rows;
    }

    // --- tenants' limits ---

    /** Every tenant's own limit, by tenant id, with the tenant's name (null when the tenant does not exist). */
    public List<LimitRow> limits() throws SQLException {
        return limits(null);
    }

    public Optional<LimitRow> limit(String tenantId) throws SQLException {
        return limits(tenantId).stream().findFirst();
    }

    private List<LimitRow> limits(String tenantId) throws SQLException {
        List<LimitRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT l.tenant_id, t.name, l.capacity, l.window_seconds, "
                     + "l.updated_by, l.updated_at FROM token_tenant_limit l LEFT JOIN tenant t ON t.id = l.tenant_id"
                     + (tenantId == null ? "" : " WHERE l.tenant_id = ?") + " ORDER BY l.tenant_id")) {
            if (tenantId != null) {
                ps.setString(1, tenantId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LimitRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return rows;
    }

    /** The tenant's name, empty when there is no such tenant. */
    public Optional<String> tenantName(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM tenant WHERE id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The tenant's users (a tenant limit's preview: who it touches). */
    public long usersOfTenant(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM app_user WHERE tenant_id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void upsertLimit(Connection c, String tenantId, long capacity, long windowSeconds, String by, Instant now)
            throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE token_tenant_limit SET capacity = ?, window_seconds = ?, "
                + "updated_at = ?, updated_by = ? WHERE tenant_id = ?")) {
            bindLimit(ps, tenantId, capacity, windowSeconds, by, now);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_tenant_limit (capacity, window_seconds, "
                    + "updated_at, updated_by, tenant_id) VALUES (?, ?, ?, ?, ?)")) {
                bindLimit(ps, tenantId, capacity, windowSeconds, by, now);
                ps.executeUpdate();
            }
        }
    }

    public boolean deleteLimit(Connection c, String tenantId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM token_tenant_limit WHERE tenant_id = ?")) {
            ps.setString(1, tenantId);
            return ps.executeUpdate() > 0;
        }
    }

    private static void bindLimit(PreparedStatement ps, String tenantId, long capacity, long windowSeconds, String by,
                                  Instant now) throws SQLException {
        ps.setLong(1, capacity);
        ps.setLong(2, windowSeconds);
        ps.setTimestamp(3, Timestamp.from(now));
        if (by == null) {
            ps.setNull(4, Types.VARCHAR);
        } else {
            ps.setString(4, by);
        }
        ps.setString(5, tenantId);
    }
}
