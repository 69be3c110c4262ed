package dev.familiar.server.prompt.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.Json;
import dev.familiar.model.prompt.IterationView;
import dev.familiar.model.prompt.PromptSettings;
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
 * The {@code prompt_iteration} table: iterations are inserted once and never changed. Lists are newest first with a
 * keyset on {@code (created_at, id)}. Data and settings are kept as their JSON text ({@link #json}), the same text
 * the runner rendered from, so a stored iteration re-renders byte-identical. The engineer is stored by user id and
 * read by username (joined from {@code app_user}; the stored value when no user has that id). Thread-safe.
 */
public final class IterationStore {
    /**
     * Reads and writes the data and settings JSON. Fractions are read as decimals (never binary doubles), whose text
     * reads back to the same value: the runner renders from data already passed through this mapper once, so
     * reading the stored text gives the very values it rendered.
     */
    static final ObjectMapper JSON = Json.newMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String COLUMNS = "id, function_name, version, template_hash, data_json, rendered_prompt, "
            + "provider, model, settings_json, output, prompt_tokens, completion_tokens, latency_ms, cost, currency, "
            + "status, error, dry_run, batch_id, created_by, created_at";
    /** {@link #COLUMNS} as read: the engineer by username. */
    private static final String SELECT = "SELECT i.id, i.function_name, i.version, i.template_hash, i.data_json, "
            + "i.rendered_prompt, i.provider, i.model, i.settings_json, i.output, i.prompt_tokens, i.completion_tokens, "
            + "i.latency_ms, i.cost, i.currency, i.status, i.error, i.dry_run, i.batch_id, "
            + "COALESCE(u.username, i.created_by), i.created_at FROM prompt_iteration i "
            + "LEFT JOIN app_user u ON u.id = i.created_by";

    private final DataSource dataSource;

    public IterationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Where a page ends: the last row's time and id. */
    public record Position(Instant createdAt, String id) {
    }

    /** Inserts {@code iteration} on the caller's connection (inside its transaction); its createdBy is a user id. */
    void insert(Connection c, IterationView it) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompt_iteration (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, it.id());
            ps.setString(2, it.function());
            ps.setInt(3, it.version());
            ps.setString(4, it.templateHash());
            ps.setString(5, json(it.data()));
            ps.setString(6, it.renderedPrompt());
            ps.setString(7, it.provider());
            ps.setString(8, it.model());
            ps.setString(9, json(it.settings()));
            ps.setString(10, it.output());
            ps.setLong(11, it.promptTokens());
            ps.setLong(12, it.completionTokens());
            ps.setLong(13, it.latencyMs());
            ps.setBigDecimal(14, it.cost());
            ps.setString(15, it.currency());
            ps.setString(16, it.status());
            ps.setString(17, it.error());
            ps.setBoolean(18, it.dryRun());
            ps.setString(19, it.batchId());
            ps.setString(20, it.createdBy());
            ps.setTimestamp(21, Timestamp.from(it.createdAt()));
            ps.executeUpdate();
        }
    }

    public Optional<IterationView> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id);
        }
    }

    /** The iteration as read on the caller's connection (its own uncommitted insert included). */
    Optional<IterationView> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE i.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Up to {@code limit} iterations newest first (ties by id, descending), of {@code function} (and
     * {@code version}) when given, after {@code after} when given.
     */
    public List<IterationView> list(Optional<String> function, Optional<Integer> version, Optional<Position> after,
                                    int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        function.ifPresent(f -> {
            sql.append(" AND i.function_name = ?");
            args.add(f);
        });
        version.ifPresent(v -> {
            sql.append(" AND i.version = ?");
            args.add(v);
        });
        after.ifPresent(p -> {
            sql.append(" AND (i.created_at < ? OR (i.created_at = ? AND i.id < ?))");
            args.add(Timestamp.from(p.createdAt()));
            args.add(Timestamp.from(p.createdAt()));
            args.add(p.id());
        });
        sql.append(" ORDER BY i.created_at DESC, i.id DESC LIMIT ?");
        args.add(limit);
        List<IterationView> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t);
                } else if (arg instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else {
                    ps.setString(i + 1, (String) arg);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private static IterationView row(ResultSet rs) throws SQLException {
        return new IterationView(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                (ObjectNode) read(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                settings(rs.getString(9)), rs.getString(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
                rs.getBigDecimal(14).setScale(LabIterationRunner.COST_SCALE), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getBoolean(18), rs.getString(19), rs.getString(20),
                rs.getTimestamp(21).toInstant());
    }

    /** The JSON text stored for a value (and rendered from). */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored iteration holds JSON this server cannot read", e);
        }
    }

    private static PromptSettings settings(String text) {
        return JSON.convertValue(read(text), PromptSettings.class);
    }
}
