package dev.familiar.server.directory.local;

import dev.familiar.server.directory.Person;
import dev.familiar.server.users.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The SQL of the local directory: {@code directory_group}, {@code directory_member} and, read only, the accounts of
 * {@code app_user} that are people of the directory. Portable between H2 and PostgreSQL. Thread-safe.
 */
final class LocalDirectoryStore {
    /**
     * The accounts that are people of the directory (alias {@code u}): not deleted (anonymised) and not an external
     * user of a tenant's service key (no password, never a login).
     */
    static final String IS_PERSON = "u.deleted_at IS NULL AND u.password_hash <> '" + User.NO_PASSWORD
            + "' AND u.username NOT LIKE 'external:%'";
    private static final String PERSON_COLUMNS = "u.id, u.username, u.email";
    private static final String GROUP_COLUMNS = "g.id, g.display_name, g.description, g.sort_key, "
            + "(SELECT COUNT(*) FROM directory_member m JOIN app_user u ON u.id = m.user_id WHERE m.group_id = g.id AND "
            + IS_PERSON + ") AS member_count";

    /** A group as stored, with its direct members that are people counted, and its keyset. */
    record GroupRow(String id, String displayName, Optional<String> description, String sortKey, int memberCount) {
    }

    /** A display name with the keys derived from it (see V13): {@code sortKey} orders, {@code words} is searched. */
    record Name(String display, String sortKey, String words) {
    }

    /** What inserting one membership did. */
    enum Insert { ADDED, ALREADY_MEMBER, NO_GROUP }

    private final DataSource dataSource;

    LocalDirectoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Up to {@code limit} groups in (sort_key, id) order after the keyset {@code (afterSortKey, afterId)}, those whose
     * {@code name_words} match {@code wordsLike} when present.
     */
    List<GroupRow> groups(Optional<String> wordsLike, Optional<String> afterSortKey, Optional<String> afterId, int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + GROUP_COLUMNS + " FROM directory_group g WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        wordsLike.ifPresent(w -> {
            sql.append(" AND g.name_words LIKE ?");
            args.add(w);
        });
        if (afterSortKey.isPresent()) {
            sql.append(" AND (g.sort_key > ? OR (g.sort_key = ? AND g.id > ?))");
            args.add(afterSortKey.get());
            args.add(afterSortKey.get());
            args.add(afterId.orElseThrow());
        }
        sql.append(" ORDER BY g.sort_key, g.id LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args)) {
            List<GroupRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readGroup(rs));
                }
            }
            return out;
        }
    }

    Optional<GroupRow> group(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "SELECT " + GROUP_COLUMNS + " FROM directory_group g WHERE g.id = ?",
                     List.of(id));
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(readGroup(rs)) : Optional.empty();
        }
    }

    boolean groupExists(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "SELECT 1 FROM directory_group WHERE id = ?", List.of(id));
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    void insertGroup(String id, Name name, Optional<String> description, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO directory_group (id, display_name, description, "
                     + "sort_key, name_words, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, name.display());
            ps.setString(3, description.orElse(null));
            ps.setString(4, name.sortKey());
            ps.setString(5, name.words());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /**
     * Sets the display name (with its keys) and/or the description (an empty string stores none); false when there
     * is no such group.
     */
    boolean updateGroup(String id, Optional<Name> name, Optional<String> description, Instant now)
            throws SQLException {
        StringBuilder sql = new StringBuilder("UPDATE directory_group SET updated_at = ?");
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(now));
        name.ifPresent(n -> {
            sql.append(", display_name = ?, sort_key = ?, name_words = ?");
            args.add(n.display());
            args.add(n.sortKey());
            args.add(n.words());
        });
        description.ifPresent(d -> {
            sql.append(", description = ?");
            args.add(d.isEmpty() ? null : d);
        });
        sql.append(" WHERE id = ?");
        args.add(id);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql.toString(), args)) {
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes a group and (by cascade) its memberships; false when there was none. */
    boolean deleteGroup(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "DELETE FROM directory_group WHERE id = ?", List.of(id))) {
            return ps.executeUpdate() > 0;
        }
    }

    /** Up to {@code limit} members of a group that are people, by username, after {@code afterUsername}. */
    List<Person> members(String groupId, Optional<String> afterUsername, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + PERSON_COLUMNS + " FROM directory_member m JOIN app_user u "
                + "ON u.id = m.user_id WHERE m.group_id = ? AND " + IS_PERSON);
        List<Object> args = new ArrayList<>();
        args.add(groupId);
        afterUsername.ifPresent(u -> {
            sql.append(" AND u.username > ?");
            args.add(u);
        });
        sql.append(" ORDER BY u.username LIMIT ?");
        args.add(limit);
        return people(sql.toString(), args);
    }

    /** People whose username or e-mail address is LIKE {@code prefixPattern} (escape {@code !}), by username. */
    List<Person> searchPeople(String prefixPattern, int limit) throws SQLException {
        return people("SELECT " + PERSON_COLUMNS + " FROM app_user u WHERE " + IS_PERSON
                + " AND (u.username LIKE ? ESCAPE '!' OR u.email LIKE ? ESCAPE '!') ORDER BY u.username LIMIT ?",
                List.of(prefixPattern, prefixPattern, limit));
    }

    /** The person with this (lower-case) e-mail address. */
    Optional<Person> personByEmail(String email) throws SQLException {
        return people("SELECT " + PERSON_COLUMNS + " FROM app_user u WHERE u.email = ? AND " + IS_PERSON,
                List.of(email)).stream().findFirst();
    }

    Optional<Person> personById(String id) throws SQLException {
        return people("SELECT " + PERSON_COLUMNS + " FROM app_user u WHERE u.id = ? AND " + IS_PERSON, List.of(id))
                .stream().findFirst();
    }

    /**
     * Inserts one membership. The primary key decides between concurrent adds of the same person: the loser's
     * insert is a unique violation, so it reads ALREADY_MEMBER; a group deleted meanwhile is a foreign-key violation.
     */
    Insert addMember(String groupId, String userId, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO directory_member (group_id, user_id, added_at) VALUES (?, ?, ?)")) {
            ps.setString(1, groupId);
            ps.setString(2, userId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
            return Insert.ADDED;
        } catch (SQLException e) {
            String state = sqlState(e);
            if ("23505".equals(state)) {
                return Insert.ALREADY_MEMBER;
            }
            // PostgreSQL says 23503 for a missing parent row, H2 says 23506
            if ("23503".equals(state) || "23506".equals(state)) {
                return Insert.NO_GROUP;
            }
            throw e;
        }
    }

    /** False when the person was not a direct member of the group. */
    boolean removeMember(String groupId, String userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "DELETE FROM directory_member WHERE group_id = ? AND user_id = ?",
                     List.of(groupId, userId))) {
            return ps.executeUpdate() > 0;
        }
    }

    Set<String> groupIdsOf(String userId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = prepare(c, "SELECT m.group_id FROM directory_member m JOIN app_user u "
                     + "ON u.id = m.user_id WHERE m.user_id = ? AND " + IS_PERSON, List.of(userId));
             ResultSet rs = ps.executeQuery()) {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    /** Reads at most one row of the groups table: proves the database and the table answer. */
    void probe() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM directory_group LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    private List<Person> people(String sql, List<Object> args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            List<Person> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Person(rs.getString("id"), rs.getString("username"),
                        Optional.ofNullable(rs.getString("email"))));
            }
            return out;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    private static GroupRow readGroup(ResultSet rs) throws SQLException {
        return new GroupRow(rs.getString("id"), rs.getString("display_name"),
                Optional.ofNullable(rs.getString("description")), rs.getString("sort_key"), rs.getInt("member_count"));
    }

    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }
}
