package dev.familiar.server.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The plan catalog. Plans change rarely and are read on every metered request, so they are cached; writes go
 * through this class and refresh the cache. Thread-safe.
 */
public final class PlanStore {
    public static final String API_CALL = "api_call";
    /** Seeded on first start; admins edit the catalog later. */
    public static final List<Plan> DEFAULT_PLANS = List.of(
            new Plan("starter", "Starter", Map.of(API_CALL, 1_000L)),
            new Plan("pro", "Pro", Map.of(API_CALL, 50_000L)),
            new Plan("enterprise", "Enterprise", Map.of(API_CALL, 1_000_000L)));

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, Plan> cache = new ConcurrentHashMap<>();

    public PlanStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Inserts the default plans when the catalog is empty. */
    public void seedIfEmpty() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM plan"); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        c.rollback();
                        return;
                    }
                }
                for (Plan plan : DEFAULT_PLANS) {
                    insert(c, plan);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (!"23505".equals(e.getSQLState())) { // another server seeded at the same moment
                    throw e;
                }
            }
        }
    }

    public Optional<Plan> find(String code) throws SQLException {
        Plan cached = cache.get(code);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Plan> loaded = load(code);
        loaded.ifPresent(p -> cache.put(code, p));
        return loaded;
    }

    private Optional<Plan> load(String code) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT p.name, m.metric, m.included_units, p.directory_group_id FROM plan p "
                     + "LEFT JOIN plan_metric m ON m.plan_code = p.code WHERE p.code = ?")) {
            ps.setString(1, code);
            String name = null;
            String groupId = null;
            Map<String, Long> units = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    name = rs.getString(1);
                    groupId = rs.getString(4);
                    if (rs.getString(2) != null) {
                        units.put(rs.getString(2), rs.getLong(3));
                    }
                }
            }
            return name == null ? Optional.empty() : Optional.of(new Plan(code, name, new HashMap<>(units),
                    Optional.ofNullable(groupId)));
        }
    }

    /** When the plan was archived (it then takes no new customers); empty when it is open or unknown. Not cached. */
    public Optional<java.time.Instant> archivedAt(String code) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT archived_at FROM plan WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant) : Optional.empty();
            }
        }
    }

    /** The archived plans and when each was archived. */
    public Map<String, java.time.Instant> archived() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT code, archived_at FROM plan WHERE archived_at IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            Map<String, java.time.Instant> out = new HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
            }
            return out;
        }
    }

    /**
     * Archives the plan at {@code now} (an archived plan keeps its first moment) or, with {@code archive} false,
     * opens it again. False when there is no such plan.
     */
    public boolean setArchived(String code, boolean archive, java.time.Instant now) throws SQLException {
        String sql = archive ? "UPDATE plan SET archived_at = COALESCE(archived_at, ?) WHERE code = ?"
                : "UPDATE plan SET archived_at = NULL WHERE code = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (archive) {
                ps.setTimestamp(i++, Timestamp.from(now));
            }
            ps.setString(i, code);
            return ps.executeUpdate() == 1;
        }
    }

    /** 409 when {@code code} is archived: a new customer, sign-up or plan change may not take it. */
    public void requireOpen(String code) throws SQLException {
        if (archivedAt(code).isPresent()) {
            throw dev.familiar.model.api.ApiError.of(dev.familiar.model.api.ErrorCode.PLAN_ARCHIVED, "The plan " + code
                    + " is archived: it takes no new customers (organisations already on it keep it)");
        }
    }

    /**
     * The directory group a plan's subscribers join, read from the database rather than the cache (another server
     * may have changed it a moment ago); empty for no group or no such plan.
     */
    public Optional<String> directoryGroupId(String code) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return directoryGroupId(c, code);
        }
    }

    /** {@link #directoryGroupId(String)} inside the caller's transaction. */
    public Optional<String> directoryGroupId(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT directory_group_id FROM plan WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Drops a cached plan after it changed. */
    public void forget(String code) {
        cache.remove(code);
    }

    /** Inserts or replaces a plan and its included units, inside the caller's transaction. */
    void save(Connection c, Plan plan) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE plan SET name = ?, directory_group_id = ? WHERE code = ?")) {
            ps.setString(1, plan.name());
            ps.setString(2, plan.directoryGroupId().orElse(null));
            ps.setString(3, plan.code());
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            insert(c, plan);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM plan_metric WHERE plan_code = ?")) {
            ps.setString(1, plan.code());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plan_metric (plan_code, metric, included_units) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Long> e : plan.includedUnits().entrySet()) {
                ps.setString(1, plan.code());
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.executeUpdate();
            }
        }
    }

    private void insert(Connection c, Plan plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plan (code, name, created_at, directory_group_id) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, plan.code());
            ps.setString(2, plan.name());
            ps.setTimestamp(3, Timestamp.from(clock.instant()));
            ps.setString(4, plan.directoryGroupId().orElse(null));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO plan_metric (plan_code, metric, included_units) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Long> e : plan.includedUnits().entrySet()) {
                ps.setString(1, plan.code());
                ps.setString(2, e.getKey());
                ps.setLong(3, e.getValue());
                ps.executeUpdate();
            }
        }
    }
}
