package dev.familiar.server.users.invitations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code user_code} table (only SHA-256 hashes of codes) and the password columns of {@code app_user} that
 * accepting a code or changing a password writes. Methods taking a {@link Connection} run in the caller's
 * transaction. Thread-safe.
 */
public final class UserCodeStore {
    /** One stored code, never the code itself. */
    public record Row(String id, String userId, UserCodeKind kind, Instant expiresAt, Optional<Instant> usedAt,
                      Optional<Instant> voidedAt) {
    }

    private final DataSource dataSource;

    public UserCodeStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Connection c, String id, String userId, UserCodeKind kind, String codeHash, String createdBy,
                       Instant createdAt, Instant expiresAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_code (id, user_id, kind, code_hash, created_by, "
                + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, userId);
            ps.setString(3, kind.name());
            ps.setString(4, codeHash);
            ps.setString(5, createdBy.length() > 100 ? createdBy.substring(0, 100) : createdBy);
            ps.setTimestamp(6, Timestamp.from(createdAt));
            ps.setTimestamp(7, Timestamp.from(expiresAt));
            ps.executeUpdate();
        }
    }

    /** Voids every unused code of {@code userId}; answers how many. */
    public int voidUnused(Connection c, String userId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE user_code SET voided_at = ? "
                + "WHERE user_id = ? AND used_at IS NULL AND voided_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, userId);
            return ps.executeUpdate();
        }
    }

    public Optional<Row> findByHash(String codeHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, user_id, kind, expires_at, used_at, voided_at "
                     + "FROM user_code WHERE code_hash = ?")) {
            ps.setString(1, codeHash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rs.getString("id"), rs.getString("user_id"),
                        UserCodeKind.valueOf(rs.getString("kind")), rs.getTimestamp("expires_at").toInstant(),
                        instant(rs, "used_at"), instant(rs, "voided_at")));
            }
        }
    }

    /**
     * Spends the code if it is still unused, not voided and not expired at {@code now}: one conditional UPDATE, so
     * of concurrent spenders exactly one sees {@code true} (the others wait for its row lock, then match nothing).
     */
    public boolean spend(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE user_code SET used_at = ? "
                + "WHERE id = ? AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, id);
            ps.setTimestamp(3, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets the password hash and clears {@code must_change_password}. */
    public void setPassword(Connection c, String userId, String passwordHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE app_user SET password_hash = ?, must_change_password = FALSE WHERE id = ?")) {
            ps.setString(1, passwordHash);
            ps.setString(2, userId);
            ps.executeUpdate();
        }
    }

    /**
     * Replaces the password hash only if it is still {@code expectedHash} (no reset or other change slipped in
     * between reading and writing), clearing {@code must_change_password}; answers whether it was replaced.
     */
    public boolean replacePassword(Connection c, String userId, String expectedHash, String passwordHash)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE app_user SET password_hash = ?, "
                + "must_change_password = FALSE WHERE id = ? AND password_hash = ?")) {
            ps.setString(1, passwordHash);
            ps.setString(2, userId);
            ps.setString(3, expectedHash);
            return ps.executeUpdate() == 1;
        }
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
