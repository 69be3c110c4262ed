package dev.familiar.server.llm.quota;

import dev.familiar.server.config.LlmTokenSettings;
import dev.familiar.server.llm.settings.LiveTokenSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Users' tiers ({@code token_user_tier}); a user without a row (or on a tier that no longer exists) is on the default
 * tier. A user's allowance per window is the custom one when set, never more than the tier's {@code quotaMaxTokens}.
 * The tiers themselves are {@link LiveTokenSettings}' (data since issue 16): a tier's change applies to the next read.
 */
public final class TierStore {
    /** A user's tier and allowance. */
    public record UserTier(LlmTokenSettings.Tier tier, long allowance) {
    }

    /** A user's row: the tier's name (null: none) and custom allowance (null: none). */
    private record Row(String tier, Long customTokens) {
    }

    /**
     * Users' tiers change rarely and are read on every consume: a user's row is cached this long (a change made
     * through another server shows after it). The tier's own settings are not cached here but read live.
     */
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final LiveTokenSettings settings;
    private final java.time.Clock clock;
    private final dev.familiar.server.auth.ExpiringCache<Row> cache;

    public TierStore(DataSource dataSource, LiveTokenSettings settings, java.time.Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.cache = new dev.familiar.server.auth.ExpiringCache<>(100_000, clock);
    }

    public UserTier of(String userId) throws SQLException {
        Optional<Row> cached = cache.get(userId);
        if (cached.isPresent()) {
            return resolve(cached.get());
        }
        try (Connection c = dataSource.getConnection()) {
            Row row = row(c, userId);
            cache.put(userId, row, clock.instant().plus(CACHE_TTL));
            return resolve(row);
        }
    }

    public UserTier of(Connection c, String userId) throws SQLException {
        return resolve(row(c, userId));
    }

    private static Row row(Connection c, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tier, custom_tokens FROM token_user_tier WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String tier = rs.getString(1);
                    long custom = rs.getLong(2);
                    return new Row(tier, rs.wasNull() ? null : custom);
                }
            }
        }
        return new Row(null, null);
    }

    private UserTier resolve(Row row) {
        Optional<LlmTokenSettings.Tier> own = settings.tier(row.tier());
        if (own.isPresent()) {
            LlmTokenSettings.Tier tier = own.get();
            return new UserTier(tier, row.customTokens() != null ? Math.min(row.customTokens(), tier.quotaMaxTokens())
                    : tier.quotaMaxTokens());
        }
        LlmTokenSettings.Tier tier = settings.defaultTier();
        return new UserTier(tier, tier.quotaMaxTokens());
    }

    /**
     * Sets the tier (and custom allowance); the user's quotas take the new allowance at once. The tier must exist
     * ({@link IllegalArgumentException} otherwise: callers check first).
     */
    public UserTier set(String userId, String tierName, Optional<Long> customTokens, Instant now) throws SQLException {
        LlmTokenSettings.Tier tier = settings.tier(tierName)
                .orElseThrow(() -> new IllegalArgumentException("unknown tier " + tierName));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE token_user_tier SET tier = ?, custom_tokens = ?, updated_at = ? WHERE user_id = ?")) {
                    bind(ps, tierName, customTokens, now, userId);
                    updated = ps.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_user_tier (tier, custom_tokens, "
                            + "updated_at, user_id) VALUES (?, ?, ?, ?)")) {
                        bind(ps, tierName, customTokens, now, userId);
                        ps.executeUpdate();
                    }
                }
                long allowance = customTokens.map(t -> Math.min(t, tier.quotaMaxTokens())).orElse(tier.quotaMaxTokens());
                try (PreparedStatement ps = c.prepareStatement("UPDATE token_quota SET total_tokens = ?, updated_at = ? "
                        + "WHERE owner_kind = 'USER' AND owner_id = ?")) {
                    ps.setLong(1, allowance);
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, userId);
                    ps.executeUpdate();
                }
                c.commit();
                cache.invalidateKey(userId);
                return new UserTier(tier, allowance);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void bind(PreparedStatement ps, String tier, Optional<Long> custom, Instant now, String userId)
            throws SQLException {
        ps.setString(1, tier);
        if (custom.isPresent()) {
            ps.setLong(2, custom.get());
        } else {
            ps.setNull(2, java.sql.Types.BIGINT);
        }
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setString(4, userId);
    }
}
