package dev.familiar.server.directory.access;

import dev.familiar.server.auth.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code directory_role_mapping} table (V14). Every write first updates the one row of
 * {@code directory_role_mapping_set}, whose row lock serialises writers: a replacement is one transaction that
 * deletes every mapping and inserts the new set, so readers and concurrent writers see one whole set or the other,
 * never a mix. Thread-safe.
 */
public final class RoleMappingStore {
    private final DataSource dataSource;

    public RoleMappingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every mapping, ordered by group id then role. */
    public List<GroupRole> list() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT group_id, role FROM directory_role_mapping ORDER BY group_id, role");
             ResultSet rs = ps.executeQuery()) {
            List<GroupRole> out = new ArrayList<>();
            while (rs.next()) {
                String groupId = rs.getString(1);
                role(rs.getString(2)).ifPresent(role -> out.add(new GroupRole(groupId, role)));
            }
            return out;
        }
    }

    /** Replaces the whole set with {@code mappings} (no duplicates); answers how many there were before. */
    public int replace(List<GroupRole> mappings, String by, Instant at) throws SQLException {
        return inTransaction(c -> {
            bumpVersion(c, by, at);
            int before;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM directory_role_mapping")) {
                before = ps.executeUpdate();
            }
            if (!mappings.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_role_mapping (group_id, role, "
                        + "created_at, created_by) VALUES (?, ?, ?, ?)")) {
                    for (GroupRole mapping : mappings) {
                        ps.setString(1, mapping.groupId());
                        ps.setString(2, mapping.role().name());
                        ps.setTimestamp(3, Timestamp.from(at));
                        ps.setString(4, by);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return before;
        });
    }

    /** Removes the mappings of a deleted group; answers how many there were. */
    public int forgetGroup(String groupId, String by, Instant at) throws SQLException {
        return inTransaction(c -> {
            bumpVersion(c, by, at);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM directory_role_mapping WHERE group_id = ?")) {
                ps.setString(1, groupId);
                return ps.executeUpdate();
            }
        });
    }

    /** The set's version: one more after every write (0 before the first). */
    public long version() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version FROM directory_role_mapping_set WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void bumpVersion(Connection c, String by, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE directory_role_mapping_set SET version = version + 1, "
                + "updated_at = ?, updated_by = ? WHERE id = 1")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, by);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("directory_role_mapping_set has no row 1 (migration V14 not applied?)");
            }
        }
    }

    /** A role name written by an older or newer server that this one does not know is skipped, not fatal. */
    private static java.util.Optional<Role> role(String name) {
        try {
            return java.util.Optional.of(Role.valueOf(name));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
