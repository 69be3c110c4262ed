package dev.familiar.server.apikeys;

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

/** API keys in the database; look-ups by hash use a unique index. Thread-safe. */
public final class ApiKeyStore {
    private final DataSource dataSource;

    public ApiKeyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts the key unless its user already holds {@code limit} active (unrevoked, unexpired at
     * {@code key.createdAt()}) keys; false then. The user's row is locked for the count and the insert, so
     * concurrent creations for one user (on any server sharing the database) are decided one after the other.
     */
    public boolean insertWithinLimit(ApiKey key, String keyHash, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM app_user WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, key.userId());
                    try (ResultSet rs = lock.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("no user " + key.userId());
                        }
                    }
                }
                if (activeKeys(c, key.userId(), key.createdAt()) >= limit) {
                    c.rollback();
                    return false;
                }
                insert(c, key, keyHash);
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int activeKeys(Connection c, String userId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_key WHERE user_id = ? "
                + "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")) {
            ps.setString(1, userId);
            ps.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void insert(Connection c, ApiKey key, String keyHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key (id, tenant_id, user_id, name, key_prefix, "
                + "key_hash, created_at, expires_at, key_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, key.id());
            ps.setString(2, key.tenantId());
            ps.setString(3, key.userId());
            ps.setString(4, key.name());
            ps.setString(5, key.keyPrefix());
            ps.setString(6, keyHash);
            ps.setTimestamp(7, Timestamp.from(key.createdAt()));
            ps.setTimestamp(8, key.expiresAt().map(Timestamp::from).orElse(null));
            ps.setString(9, key.role().name());
            ps.executeUpdate();
        }
    }

    public Optional<ApiKey> findByHash(String keyHash) throws SQLException {
        List<ApiKey> keys = query("SELECT * FROM api_key WHERE key_hash = ?", keyHash);
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
    }

    public List<ApiKey> listForUser(String userId) throws SQLException {
        return query("SELECT * FROM api_key WHERE user_id = ? ORDER BY created_at, id", userId);
    }

    /** Revokes the key if it belongs to {@code userId} and is not revoked yet; false when there is no such key. */
    public boolean revoke(String userId, String keyId, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE api_key SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, keyId);
            ps.setString(3, userId);
            return ps.executeUpdate() == 1;
        }
    }

    private List<ApiKey> query(String sql, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            List<ApiKey> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApiKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("user_id"),
                            rs.getString("name"), rs.getString("key_prefix"), rs.getTimestamp("created_at").toInstant(),
                            instant(rs, "expires_at"), instant(rs, "revoked_at"),
                            ApiKey.KeyRole.valueOf(rs.getString("key_role"))));
                }
            }
            return out;
        }
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
