package dev.familiar.server.users.admin;

import dev.familiar.model.users.UserStatus;
import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.auth.Role;
import dev.familiar.server.users.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * User accounts as administration sees them: the filtered, keyset-paged list and the changes (roles, lock, delete),
 * each decided and written in one transaction that holds every ADMIN's row, so that the rule "the last active ADMIN
 * stays" holds under concurrent changes on any server sharing the database. Thread-safe.
 */
public final class UserDirectory {
    private static final String IS_ADMIN = "(',' || roles || ',') LIKE '%,ADMIN,%'";

    /** What the list is filtered by; every part optional. {@code search} is a lower-case prefix of username or e-mail. */
    public record Filter(Optional<String> search, Optional<String> tenantId, Optional<Role> role,
                         Optional<UserStatus> status) {
    }

    /** Decides a change from the account as it is now (locked) and the ids of every active ADMIN (locked too). */
    @FunctionalInterface
    public interface Decider<R> {
        Decision<R> decide(Optional<Account> current, Set<String> activeAdminIds);
    }

    /** What a {@link Decider} decided. */
    public sealed interface Decision<R> {
        R result();
    }

    /** Write nothing (refused, or nothing to change). */
    public record Keep<R>(R result) implements Decision<R> {
    }

    /** Store {@code updated}, revoke the account's API keys when asked, write the audit entries; all or nothing. */
    public record Write<R>(Account updated, boolean revokeKeys, List<AuditEntry> audit, R result) implements Decision<R> {
    }

    private final DataSource dataSource;
    private final AuditLog audit;

    public UserDirectory(DataSource dataSource, AuditLog audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /** Up to {@code limit} accounts matching {@code filter} whose username sorts after {@code afterUsername}. */
    public List<Account> page(Filter filter, Optional<String> afterUsername, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM app_user WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.tenantId().ifPresent(t -> {
            sql.append(" AND tenant_id = ?");
            args.add(t);
        });
        filter.search().ifPresent(s -> {
            String prefix = likePrefix(s.toLowerCase(Locale.ROOT));
            sql.append(" AND (username LIKE ? ESCAPE '!' OR email LIKE ? ESCAPE '!')");
            args.add(prefix);
            args.add(prefix);
        });
        filter.role().ifPresent(r -> {
            sql.append(" AND (',' || roles || ',') LIKE ?");
            args.add("%," + r.name() + ",%");
        });
        sql.append(statusClause(filter.status(), args));
        afterUsername.ifPresent(u -> {
            sql.append(" AND username > ?");
            args.add(u);
        });
        sql.append(" ORDER BY username LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Account> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    public Optional<Account> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Runs {@code decider} inside a transaction that first locks every ADMIN's row (in id order, so concurrent changes
     * queue instead of deadlocking), then the account's, and applies what it decides. Two concurrent demotions of the
     * last two admins are thus decided one after the other: the second sees the first's result.
     */
    public <R> R change(String id, Decider<R> decider) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement(
                        "SELECT id FROM app_user WHERE " + IS_ADMIN + " ORDER BY id FOR UPDATE");
                     ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1); // held until commit
                    }
                }
                Optional<Account> current;
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user WHERE id = ? FOR UPDATE")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        current = rs.next() ? Optional.of(read(rs)) : Optional.empty();
                    }
                }
                Decision<R> decision = decider.decide(current, activeAdmins(c));
                if (decision instanceof Write<R> write) {
                    update(c, write.updated());
                    if (write.revokeKeys()) {
                        revokeKeys(c, id, write.updated().deletedAt().orElseThrow());
                    }
                    for (AuditEntry entry : write.audit()) {
                        audit.record(c, entry);
                    }
                    c.commit();
                } else {
                    c.rollback();
                }
                return decision.result();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Set<String> activeAdmins(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM app_user WHERE " + IS_ADMIN
                + " AND locked_at IS NULL AND deleted_at IS NULL AND password_hash NOT IN (?, ?)")) {
            ps.setString(1, User.INVITED);
            ps.setString(2, User.NO_PASSWORD);
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private static void update(Connection c, Account account) throws SQLException {
        User u = account.user();
        try (PreparedStatement ps = c.prepareStatement("UPDATE app_user SET username = ?, email = ?, password_hash = ?, "
                + "roles = ?, must_change_password = ?, locked_at = ?, deleted_at = ? WHERE id = ?")) {
            ps.setString(1, u.username().toLowerCase(Locale.ROOT));
            ps.setString(2, u.email().map(e -> e.toLowerCase(Locale.ROOT)).orElse(null));
            ps.setString(3, u.passwordHash());
            ps.setString(4, u.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")));
            ps.setBoolean(5, u.mustChangePassword());
            ps.setTimestamp(6, account.lockedAt().map(Timestamp::from).orElse(null));
            ps.setTimestamp(7, account.deletedAt().map(Timestamp::from).orElse(null));
            ps.setString(8, u.id());
            ps.executeUpdate();
        }
    }

    private static void revokeKeys(Connection c, String userId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE api_key SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, userId);
            ps.executeUpdate();
        }
    }

    private static String statusClause(Optional<UserStatus> status, List<Object> args) {
        if (status.isEmpty()) {
            return " AND deleted_at IS NULL";
        }
        return switch (status.get()) {
            case DELETED -> " AND deleted_at IS NOT NULL";
            case LOCKED -> " AND deleted_at IS NULL AND locked_at IS NOT NULL";
            case INVITED, EXTERNAL -> {
                args.add(status.get() == UserStatus.INVITED ? User.INVITED : User.NO_PASSWORD);
                yield " AND deleted_at IS NULL AND locked_at IS NULL AND password_hash = ?";
            }
            case ACTIVE -> {
                args.add(User.INVITED);
                args.add(User.NO_PASSWORD);
                yield " AND deleted_at IS NULL AND locked_at IS NULL AND password_hash NOT IN (?, ?)";
            }
        };
    }

    /** {@code text} as a LIKE prefix pattern with {@code !} escaping the pattern's own characters. */
    static String likePrefix(String text) {
        StringBuilder out = new StringBuilder();
        for (char ch : text.toCharArray()) {
            if (ch == '!' || ch == '%' || ch == '_') {
                out.append('!');
            }
            out.append(ch);
        }
        return out.append('%').toString();
    }

    private static Account read(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : rs.getString("roles").split(",")) {
            if (!name.isBlank()) {
                roles.add(Role.valueOf(name.trim()));
            }
        }
        User user = new User(rs.getString("id"), rs.getString("tenant_id"), rs.getString("username"),
                Optional.ofNullable(rs.getString("email")), rs.getString("password_hash"), roles,
                rs.getBoolean("must_change_password"), rs.getTimestamp("created_at").toInstant());
        return new Account(user, instant(rs, "locked_at"), instant(rs, "deleted_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
