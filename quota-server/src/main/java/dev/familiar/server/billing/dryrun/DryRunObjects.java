package dev.familiar.server.billing.dryrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** The dry-run provider's objects in {@code dryrun_object}, as Stripe-shaped JSON, and its idempotency keys. */
final class DryRunObjects {
    private final DataSource dataSource;
    private final ObjectMapper mapper;

    DryRunObjects(DataSource dataSource, ObjectMapper mapper) {
        this.dataSource = dataSource;
        this.mapper = mapper;
    }

    void put(ObjectNode object, String type, String customerId, Instant created) {
        String id = object.get("id").asText();
        try (Connection c = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE dryrun_object SET body = ? WHERE id = ?")) {
                ps.setString(1, mapper.writeValueAsString(object));
                ps.setString(2, id);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO dryrun_object (id, object_type, customer_id, body, "
                        + "created_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, type);
                    ps.setString(3, customerId);
                    ps.setString(4, mapper.writeValueAsString(object));
                    ps.setTimestamp(5, Timestamp.from(created));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("dry-run store: " + e.getMessage(), e);
        }
    }

    Optional<ObjectNode> get(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT body FROM dryrun_object WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of((ObjectNode) mapper.readTree(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("dry-run store: " + e.getMessage(), e);
        }
    }

    /** Objects of one type, newest first ({@code customerId} null for all customers). */
    List<ObjectNode> list(String type, String customerId) {
        String sql = "SELECT body FROM dryrun_object WHERE object_type = ?" + (customerId == null ? "" : " AND customer_id = ?")
                + " ORDER BY created_at DESC, id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            if (customerId != null) {
                ps.setString(2, customerId);
            }
            List<ObjectNode> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((ObjectNode) mapper.readTree(rs.getString(1)));
                }
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("dry-run store: " + e.getMessage(), e);
        }
    }

    Optional<String> remembered(String idempotencyKey) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT response FROM dryrun_idempotency WHERE idempotency_key = ?")) {
            ps.setString(1, idempotencyKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dry-run store: " + e.getMessage(), e);
        }
    }

    void remember(String idempotencyKey, String response) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO dryrun_idempotency (idempotency_key, response) VALUES (?, ?)")) {
            ps.setString(1, idempotencyKey);
            ps.setString(2, response);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("dry-run store: " + e.getMessage(), e);
        }
    }
}
