package dev.familiar.server.prompt.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.Json;
import dev.familiar.model.prompt.DataSetList;
import dev.familiar.model.prompt.DataSetRow;
import dev.familiar.model.prompt.DataSetView;
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
 * The {@code prompt_data_set} and {@code prompt_data_set_row} tables. A save replaces the whole set in one
 * transaction, so a reader sees the old rows or the new ones, never a mix. Who saved it last is stored by user id and
 * read by username (the stored value when no user has that id). Thread-safe.
 */
public final class DataSetStore {
    private static final ObjectMapper MAPPER = Json.newMapper();
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public DataSetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or replaces {@code name}; answers whether it existed before. */
    public boolean save(String name, String description, List<DataSetRow> rows, String by, Instant at)
            throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    boolean existed;
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM prompt_data_set WHERE name = ?")) {
                        ps.setString(1, name);
                        existed = ps.executeUpdate() > 0;
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompt_data_set (name, description, "
                            + "row_count, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                        ps.setString(1, name);
                        ps.setString(2, description);
                        ps.setInt(3, rows.size());
                        ps.setString(4, by);
                        ps.setTimestamp(5, Timestamp.from(at));
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompt_data_set_row (data_set, position, "
                            + "label, row_values) VALUES (?, ?, ?, ?)")) {
                        for (int i = 0; i < rows.size(); i++) {
                            ps.setString(1, name);
                            ps.setInt(2, i);
                            ps.setString(3, rows.get(i).label());
                            ps.setString(4, write(rows.get(i).values()));
                            ps.addBatch();
                        }
                        if (!rows.isEmpty()) {
                            ps.executeBatch();
                        }
                    }
                    c.commit();
                    return existed;
                } catch (SQLException e) {
                    c.rollback();
                    // two first saves of one name at once: the loser replaces what the winner wrote
                    if (attempt < 3 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        continue;
                    }
                    throw e;
                }
            }
        }
    }

    public Optional<DataSetView> find(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String description;
            String updatedBy;
            Instant updatedAt;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT d.description, COALESCE(u.username, d.updated_by), d.updated_at FROM prompt_data_set d "
                            + "LEFT JOIN app_user u ON u.id = d.updated_by WHERE d.name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    description = rs.getString(1);
                    updatedBy = rs.getString(2);
                    updatedAt = rs.getTimestamp(3).toInstant();
                }
            }
            List<DataSetRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT label, row_values FROM prompt_data_set_row "
                    + "WHERE data_set = ? ORDER BY position")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new DataSetRow(rs.getString(1), read(rs.getString(2))));
                    }
                }
            }
            return Optional.of(new DataSetView(name, description, rows, updatedBy, updatedAt));
        }
    }

    /** Every data set by name, without rows. */
    public List<DataSetList.Summary> list() throws SQLException {
        List<DataSetList.Summary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, description, row_count, updated_at "
                     + "FROM prompt_data_set ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DataSetList.Summary(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getTimestamp(4).toInstant()));
            }
        }
        return out;
    }

    /** Deletes {@code name} and its rows; false when there was none. */
    public boolean delete(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM prompt_data_set WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() > 0;
        }
    }

    private static String write(ObjectNode values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode read(String json) throws SQLException {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException("prompt_data_set_row.row_values is not a JSON object", e);
        }
    }
}
