package dev.familiar.server.directory.signin;

import dev.familiar.server.auth.Role;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code external_identity} table (V16): which account a person of an external directory signs in as. The
 * account and its link are created in one transaction; of two concurrent first sign-ins of one person, the primary
 * key lets exactly one create, and the other finds that one's account. Thread-safe.
 */
public final class ExternalIdentityStore {
    /** The provider name of Microsoft Entra in the table. */
    public static final String ENTRA = "entra";

    /** A linked account as it is now: its user, and whether an administrator has locked or deleted it. */
    public record LinkedAccount(User user, boolean locked, boolean deleted) {
    }

    /** The link already exists (a concurrent first sign-in made it) or the username is taken. */
    public static final class Taken extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean identityTaken;

        Taken(boolean identityTaken) {
            super(null, null, false, false);
            this.identityTaken = identityTaken;
        }

        /** True when the identity is already linked; false when only the username was taken. */
        public boolean identityTaken() {
            return identityTaken;
        }
    }

    private final DataSource dataSource;
    private final UserStore users;

    public ExternalIdentityStore(DataSource dataSource, UserStore users) {
        this.dataSource = dataSource;
        this.users = users;
    }

    /** The account linked to {@code (provider, issuerTenant, subject)}, and notes the sign-in time. */
    public Optional<LinkedAccount> find(String provider, String issuerTenant, String subject, Instant now)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<LinkedAccount> found;
            try (PreparedStatement ps = c.prepareStatement("SELECT u.* FROM external_identity x JOIN app_user u"
                    + " ON u.id = x.user_id WHERE x.provider = ? AND x.issuer_tenant = ? AND x.subject = ?")) {
                ps.setString(1, provider);
                ps.setString(2, issuerTenant);
                ps.setString(3, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    found = rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
            if (found.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE external_identity SET last_sign_in_at = ?"
                        + " WHERE provider = ? AND issuer_tenant = ? AND subject = ?")) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setString(2, provider);
                    ps.setString(3, issuerTenant);
                    ps.setString(4, subject);
                    ps.executeUpdate();
                }
            }
            return found;
        }
    }

    /**
     * Creates {@code user} (in an existing tenant) and links it, in one transaction: both exist afterwards or neither.
     * {@link Taken} tells a taken username from an identity that is already linked (a concurrent first sign-in: the
     * caller then finds that one's account).
     */
    public void createLinked(String provider, String issuerTenant, String subject, User user) throws Taken, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try {
                    users.insert(c, user);
                } catch (SQLException e) {
                    if (isUniqueViolation(e)) {
                        throw new Taken(false);
                    }
                    throw e;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO external_identity (provider, issuer_tenant,"
                        + " subject, user_id, created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, provider);
                    ps.setString(2, issuerTenant);
                    ps.setString(3, subject);
                    ps.setString(4, user.id());
                    ps.setTimestamp(5, Timestamp.from(user.createdAt()));
                    ps.setTimestamp(6, Timestamp.from(user.createdAt()));
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (isUniqueViolation(e)) {
                        throw new Taken(true);
                    }
                    throw e;
                }
                c.commit();
            } catch (Taken | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static LinkedAccount read(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : rs.getString("roles").split(",")) {
            if (!name.isBlank()) {
                roles.add(Role.valueOf(name.trim()));
            }
        }
        User user = new User(rs.getString("id"), rs.getString("tenant_id"), rs.getString("username"),
                Optional.ofNullable(rs.getString("email")), rs.getString("password_hash"), roles,
                rs.getBoolean("must_change_password"), rs.getTimestamp("created_at").toInstant());
        return new LinkedAccount(user, rs.getTimestamp("locked_at") != null, rs.getTimestamp("deleted_at") != null);
    }

    /** SQLState 23505 is the unique violation on both H2 and PostgreSQL. */
    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
