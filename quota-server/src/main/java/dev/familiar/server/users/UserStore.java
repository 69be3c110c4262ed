package dev.familiar.server.users;

import dev.familiar.server.auth.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Users and tenants in the database. Usernames and e-mails are stored lower-cased. Thread-safe. */
public final class UserStore {
    private final DataSource dataSource;

    public UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Thrown when a username or e-mail is already taken (the unique constraint decided, not a pre-check). */
    public static final class AlreadyTaken extends Exception {
        private static final long serialVersionUID = 1L;

        public AlreadyTaken() {
            super(null, null, false, false);
        }
    }

    /** Creates a tenant and its first user in one transaction: both exist afterwards, or neither. */
    public void createWithTenant(String tenantName, User user) throws AlreadyTaken, SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (id, name, created_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, user.tenantId());
                    ps.setString(2, tenantName);
                    ps.setTimestamp(3, Timestamp.from(user.createdAt()));
                    ps.executeUpdate();
                }
                insert(c, user);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (isUniqueViolation(e)) {
                    throw new AlreadyTaken();
                }
                throw e;
            }
        }
    }

    /** Adds a user to an existing tenant. */
    public void create(User user) throws AlreadyTaken, SQLException {
        try (Connection c = dataSource.getConnection()) {
            insert(c, user);
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new AlreadyTaken();
            }
            throw e;
        }
    }

    public Optional<User> findByUsernameOrEmail(String login) throws SQLException {
        String key = login.toLowerCase(Locale.ROOT);
        return findOne("SELECT * FROM app_user WHERE username = ? OR email = ?", key, key);
    }

    public Optional<User> findById(String id) throws SQLException {
        return findOne("SELECT * FROM app_user WHERE id = ?", id);
    }

    /** Whether an administrator has locked the account ({@code app_user.locked_at}); a locked account may not log in. */
    public boolean isLocked(String userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM app_user WHERE id = ? AND locked_at IS NOT NULL")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean tenantExists(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tenant WHERE id = ?")) {
            ps.setString(1, tenantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Inserts {@code user} on the caller's connection (inside its transaction); a taken name is SQLState 23505. */
    public void insert(Connection c, User user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO app_user (id, tenant_id, username, email, "
                + "password_hash, roles, must_change_password, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, user.id());
            ps.setString(2, user.tenantId());
            ps.setString(3, user.username().toLowerCase(Locale.ROOT));
            ps.setString(4, user.email().map(e -> e.toLowerCase(Locale.ROOT)).orElse(null));
            ps.setString(5, user.passwordHash());
            ps.setString(6, user.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")));
            ps.setBoolean(7, user.mustChangePassword());
            ps.setTimestamp(8, Timestamp.from(user.createdAt()));
            ps.executeUpdate();
        }
    }

    private Optional<User> findOne(String sql, String... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static User read(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : rs.getString("roles").split(",")) {
            if (!name.isBlank()) {
                roles.add(Role.valueOf(name.trim()));
            }
        }
        return new User(rs.getString("id"), rs.getString("tenant_id"), rs.getString("username"),
                Optional.ofNullable(rs.getString("email")), rs.getString("password_hash"), roles,
                rs.getBoolean("must_change_password"), rs.getTimestamp("created_at").toInstant());
    }

    /** SQLState 23505 is the unique violation on both H2 and PostgreSQL. */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
