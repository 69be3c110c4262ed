package dev.familiar.server.prompt.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.api.Json;
import dev.familiar.model.prompt.ChangeClass;
import dev.familiar.model.prompt.Incompatibility;
import dev.familiar.model.prompt.PromptFunctionView;
import dev.familiar.model.prompt.PromptParameter;
import dev.familiar.model.prompt.PromptSettings;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.server.prompt.PromptVersions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL of prompt functions: functions, immutable versions, deployments and the {@code deployed_function} table
 * (docs/DEPLOYED_FUNCTIONS.md). Changes run in {@link #locked}: one transaction holding the function's row, so every
 * change to one function (a new version, a deployment decided, a rollback) is decided after the one before it has
 * committed, on any server sharing the database.
 *
 * <p>People are stored by user id ({@code created_by}, {@code requested_by}, {@code decided_by}: the approval rules
 * compare ids) and answered by username: every view's SELECT joins {@code app_user}, falling back to the stored value
 * when no user has that id (an imported version's author from another server keeps the username its export carried).
 * Thread-safe.
 */
public final class PromptFunctionStore implements PromptVersions {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final TypeReference<List<PromptParameter>> PARAMETERS = new TypeReference<>() {
    };
    private static final TypeReference<List<Incompatibility>> INCOMPATIBILITIES = new TypeReference<>() {
    };
    /** Lock waits that time out (H2), serialization failures and deadlocks (PostgreSQL) are tried again. */
    private static final List<String> RETRYABLE = List.of("HYT00", "40001", "40P01");
    private static final int ATTEMPTS = 5;

    /** A function's own row; {@code createdBy} is the creator's user id. */
    public record FunctionRow(String name, String description, String createdBy, Instant createdAt) {
    }

    /**
     * A deployment's row; {@code previousId} is the deployment it replaced when it became active.
     * {@code requestedBy} and {@code decidedBy} are user ids (what the approval rules compare); {@code people} the
     * usernames the view answers, present when the row was read from the store.
     */
    public record DeploymentRow(String id, String function, int version, int major, String status,
                                ChangeClass changeClass, List<Incompatibility> breaking, String requestedBy,
                                Instant requestedAt, String decidedBy, Instant decidedAt, String previousId,
                                People people) {
        /** A row built here (not read from the store): no usernames yet. */
        public DeploymentRow(String id, String function, int version, int major, String status,
                             ChangeClass changeClass, List<Incompatibility> breaking, String requestedBy,
                             Instant requestedAt, String decidedBy, Instant decidedAt, String previousId) {
            this(id, function, version, major, status, changeClass, breaking, requestedBy, requestedAt, decidedBy,
                    decidedAt, previousId, null);
        }

        /** The answered deployment: people by username. Only rows read from the store carry them. */
        public dev.familiar.model.prompt.DeploymentView view() {
            if (people == null) {
                throw new IllegalStateException("deployment " + id + " was not read from the store: no usernames");
            }
            return new dev.familiar.model.prompt.DeploymentView(id, function, version, major, status, changeClass,
                    breaking, people.requestedBy(), requestedAt, people.decidedBy(), decidedAt);
        }

        DeploymentRow decided(String newStatus, String by, Instant at, String previous) {
            return new DeploymentRow(id, function, version, major, newStatus, changeClass, breaking, requestedBy,
                    requestedAt, by, at, previous);
        }
    }

    /** The usernames of a deployment's requester and decider (null while undecided). */
    public record People(String requestedBy, String decidedBy) {
    }

    /** A row of {@code deployed_function}: the active version of one major. */
    public record Deployed(String function, int major, int version, String template, String templateHash,
                           List<PromptParameter> parameters, ObjectNode jsonSchema, PromptSettings settings,
                           String deploymentId, Instant activatedAt) {
    }

    /** Work done inside {@link #locked}. */
    @FunctionalInterface
    public interface LockedWork<R> {
        R run(Connection c, FunctionRow function) throws SQLException;
    }

    /** Versions with their author's username ({@code created_by_name}). */
    private static final String VERSIONS = "SELECT v.*, " + username("v.created_by") + " AS created_by_name"
            + " FROM prompt_version v " + joinUser("v.created_by");
    /** Deployments with the usernames of who requested and who decided. */
    private static final String DEPLOYMENTS = "SELECT d.*, " + username("d.requested_by", "r")
            + " AS requested_by_name, " + username("d.decided_by", "a") + " AS decided_by_name FROM prompt_deployment d "
            + joinUser("d.requested_by", "r") + " " + joinUser("d.decided_by", "a");

    private final DataSource dataSource;

    public PromptFunctionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    // --- functions ---------------------------------------------------------------------------------------------

    /** Inserts the function; false when one of that name exists. */
    public boolean create(FunctionRow row) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return create(c, row);
        }
    }

    boolean create(Connection c, FunctionRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO prompt_function (name, description, created_by, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, row.name());
            ps.setString(2, row.description());
            ps.setString(3, row.createdBy());
            ps.setTimestamp(4, Timestamp.from(row.createdAt()));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    public Optional<FunctionRow> function(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM prompt_function WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(function(rs)) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit} functions whose name starts with {@code prefix} and sorts after {@code after}, by name. */
    public List<FunctionRow> page(Optional<String> prefix, Optional<String> after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM prompt_function WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        prefix.ifPresent(p -> {
            sql.append(" AND name LIKE ? ESCAPE '!'");
            args.add(p.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        });
        after.ifPresent(a -> {
            sql.append(" AND name > ?");
            args.add(a);
        });
        sql.append(" ORDER BY name LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<FunctionRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(function(rs));
                }
            }
            return out;
        }
    }

    /** The views of {@code rows}: latest version and active majors, in two queries. */
    public List<PromptFunctionView> views(List<FunctionRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> names = rows.stream().map(FunctionRow::name).toList();
        Map<String, Integer> latest = new HashMap<>();
        Map<String, String> creators = new HashMap<>();
        Map<String, List<PromptFunctionView.ActiveMajor>> active = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.name, " + username("f.created_by")
                    + " FROM prompt_function f " + joinUser("f.created_by") + " WHERE f.name IN (" + marks(names) + ")")) {
                bind(ps, names);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        creators.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT function_name, MAX(version) FROM prompt_version"
                    + " WHERE function_name IN (" + marks(names) + ") GROUP BY function_name")) {
                bind(ps, names);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        latest.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT function_name, major, version, deployment_id,"
                    + " activated_at FROM deployed_function WHERE function_name IN (" + marks(names)
                    + ") ORDER BY function_name, major")) {
                bind(ps, names);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        active.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new PromptFunctionView.ActiveMajor(rs.getInt(2), rs.getInt(3), rs.getString(4),
                                        instant(rs, 5)));
                    }
                }
            }
        }
        return rows.stream().map(r -> new PromptFunctionView(r.name(), r.description(), latest.getOrDefault(r.name(), 0),
                List.copyOf(active.getOrDefault(r.name(), List.of())), creators.getOrDefault(r.name(), r.createdBy()),
                r.createdAt())).toList();
    }

    /**
     * Runs {@code work} in one transaction that first locks the function's row ({@code FOR UPDATE}); commits when it
     * returns, rolls back when it throws. Empty when there is no such function. A lock wait that times out or a
     * serialization failure is tried again (a few times) from the start.
     */
    public <R> Optional<R> locked(String function, LockedWork<R> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    Optional<FunctionRow> row;
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT * FROM prompt_function WHERE name = ? FOR UPDATE")) {
                        ps.setString(1, function);
                        try (ResultSet rs = ps.executeQuery()) {
                            row = rs.next() ? Optional.of(function(rs)) : Optional.empty();
                        }
                    }
                    if (row.isEmpty()) {
                        c.rollback();
                        return Optional.empty();
                    }
                    R result = work.run(c, row.get());
                    c.commit();
                    return Optional.ofNullable(result);
                } catch (SQLException e) {
                    c.rollback();
                    if (attempt < ATTEMPTS && RETRYABLE.contains(e.getSQLState())) {
                        continue;
                    }
                    throw e;
                } catch (RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    /** Runs {@code work} in one transaction on a new connection (for an import that may create the function). */
    public <R> R inTransaction(TransactionWork<R> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                R result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @FunctionalInterface
    public interface TransactionWork<R> {
        R run(Connection c) throws SQLException;
    }

    // --- versions ----------------------------------------------------------------------------------------------

    @Override
    public Optional<PromptVersionView> find(String function, int version) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return version(c, function, version);
        }
    }

    Optional<PromptVersionView> version(Connection c, String function, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(VERSIONS + " WHERE v.function_name = ? AND v.version = ?")) {
            ps.setString(1, function);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    /** Every version of {@code function}, oldest first. */
    public List<PromptVersionView> versions(String function) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return versions(c, function);
        }
    }

    List<PromptVersionView> versions(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(VERSIONS + " WHERE v.function_name = ? ORDER BY v.version")) {
            ps.setString(1, function);
            List<PromptVersionView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(version(rs));
                }
            }
            return out;
        }
    }

    /** The user id stored as the author of {@code function@version} (what the own-version rule compares). */
    Optional<String> authorId(Connection c, String function, int version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT created_by FROM prompt_version WHERE function_name = ? AND version = ?")) {
            ps.setString(1, function);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    int latestVersion(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM prompt_version WHERE function_name = ?")) {
            ps.setString(1, function);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    void insertVersion(Connection c, PromptVersionView v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompt_version (function_name, version, template,"
                + " template_hash, parameters, settings, change_class, breaking, created_by, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, v.function());
            ps.setInt(2, v.version());
            ps.setString(3, v.template());
            ps.setString(4, v.templateHash());
            ps.setString(5, write(v.parameters()));
            ps.setString(6, write(v.settings()));
            ps.setString(7, v.changeClass() == null ? null : v.changeClass().name());
            ps.setString(8, write(v.breaking()));
            ps.setString(9, v.createdBy());
            ps.setTimestamp(10, Timestamp.from(v.createdAt()));
            ps.executeUpdate();
        }
    }

    // --- deployments -------------------------------------------------------------------------------------------

    void insertDeployment(Connection c, DeploymentRow d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompt_deployment (id, function_name, version, major,"
                + " status, change_class, breaking, requested_by, requested_at, decided_by, decided_at, previous_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, d.id());
            ps.setString(2, d.function());
            ps.setInt(3, d.version());
            ps.setInt(4, d.major());
            ps.setString(5, d.status());
            ps.setString(6, d.changeClass() == null ? null : d.changeClass().name());
            ps.setString(7, write(d.breaking()));
            ps.setString(8, d.requestedBy());
            ps.setTimestamp(9, Timestamp.from(d.requestedAt()));
            ps.setString(10, d.decidedBy());
            ps.setTimestamp(11, d.decidedAt() == null ? null : Timestamp.from(d.decidedAt()));
            ps.setString(12, d.previousId());
            ps.executeUpdate();
        }
    }

    /** Writes a deployment's decision: status, who, when, and (when it became active) what it replaced. */
    void updateDeployment(Connection c, DeploymentRow d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE prompt_deployment SET status = ?, change_class = ?,"
                + " breaking = ?, decided_by = ?, decided_at = ?, previous_id = ? WHERE id = ?")) {
            ps.setString(1, d.status());
            ps.setString(2, d.changeClass() == null ? null : d.changeClass().name());
            ps.setString(3, write(d.breaking()));
            ps.setString(4, d.decidedBy());
            ps.setTimestamp(5, d.decidedAt() == null ? null : Timestamp.from(d.decidedAt()));
            ps.setString(6, d.previousId());
            ps.setString(7, d.id());
            ps.executeUpdate();
        }
    }

    void setStatus(Connection c, String id, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE prompt_deployment SET status = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    Optional<DeploymentRow> deployment(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEPLOYMENTS + " WHERE d.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(deployment(rs)) : Optional.empty();
            }
        }
    }

    public Optional<DeploymentRow> deployment(String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return deployment(c, id);
        }
    }

    boolean pendingExists(Connection c, String function, int version, int major) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM prompt_deployment WHERE function_name = ?"
                + " AND version = ? AND major = ? AND status = 'PENDING_APPROVAL'")) {
            ps.setString(1, function);
            ps.setInt(2, version);
            ps.setInt(3, major);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Deployments of {@code function}, newest first. */
    public List<DeploymentRow> deployments(String function) throws SQLException {
        return deployments("function_name = ?", function);
    }

    /** Deployments in {@code status} across functions, newest first (at most 500). */
    public List<DeploymentRow> deploymentsIn(String status) throws SQLException {
        return deployments("status = ?", status);
    }

    private List<DeploymentRow> deployments(String where, String arg) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                DEPLOYMENTS + " WHERE d." + where + " ORDER BY d.requested_at DESC, d.id LIMIT 500")) {
            ps.setString(1, arg);
            List<DeploymentRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(deployment(rs));
                }
            }
            return out;
        }
    }

    // --- deployed_function -------------------------------------------------------------------------------------

    Optional<Deployed> deployed(Connection c, String function, int major) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM deployed_function WHERE function_name = ? AND major = ?")) {
            ps.setString(1, function);
            ps.setInt(2, major);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(deployed(rs)) : Optional.empty();
            }
        }
    }

    /** The active version of {@code function@major}, or empty when that major is not deployed. */
    public Optional<Deployed> deployed(String function, int major) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return deployed(c, function, major);
        }
    }

    /** Every active (function, major), ordered by function and major, with each function's description. */
    public List<Map.Entry<Deployed, String>> allDeployed() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT d.*, f.description AS function_description FROM deployed_function d"
                        + " JOIN prompt_function f ON f.name = d.function_name ORDER BY d.function_name, d.major")) {
            List<Map.Entry<Deployed, String>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Map.entry(deployed(rs), rs.getString("function_description")));
                }
            }
            return out;
        }
    }

    int maxMajor(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(major), 0) FROM deployed_function WHERE function_name = ?")) {
            ps.setString(1, function);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Makes {@code d} the row of its (function, major): updated in place when the major exists, inserted otherwise. */
    void putDeployed(Connection c, Deployed d) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement("UPDATE deployed_function SET version = ?, template = ?,"
                + " template_hash = ?, parameters = ?, json_schema = ?, settings = ?, deployment_id = ?, activated_at = ?"
                + " WHERE function_name = ? AND major = ?")) {
            ps.setInt(1, d.version());
            ps.setString(2, d.template());
            ps.setString(3, d.templateHash());
            ps.setString(4, write(d.parameters()));
            ps.setString(5, write(d.jsonSchema()));
            ps.setString(6, write(d.settings()));
            ps.setString(7, d.deploymentId());
            ps.setTimestamp(8, Timestamp.from(d.activatedAt()));
            ps.setString(9, d.function());
            ps.setInt(10, d.major());
            updated = ps.executeUpdate();
        }
        if (updated > 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployed_function (function_name, major, version,"
                + " template, template_hash, parameters, json_schema, settings, deployment_id, activated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, d.function());
            ps.setInt(2, d.major());
            ps.setInt(3, d.version());
            ps.setString(4, d.template());
            ps.setString(5, d.templateHash());
            ps.setString(6, write(d.parameters()));
            ps.setString(7, write(d.jsonSchema()));
            ps.setString(8, write(d.settings()));
            ps.setString(9, d.deploymentId());
            ps.setTimestamp(10, Timestamp.from(d.activatedAt()));
            ps.executeUpdate();
        }
    }

    // --- mapping -----------------------------------------------------------------------------------------------

    private static FunctionRow function(ResultSet rs) throws SQLException {
        return new FunctionRow(rs.getString("name"), rs.getString("description"), rs.getString("created_by"),
                instant(rs, "created_at"));
    }

    private static PromptVersionView version(ResultSet rs) throws SQLException {
        String cls = rs.getString("change_class");
        return new PromptVersionView(rs.getString("function_name"), rs.getInt("version"), rs.getString("template"),
                rs.getString("template_hash"), read(rs.getString("parameters"), PARAMETERS),
                read(rs.getString("settings"), PromptSettings.class), cls == null ? null : ChangeClass.valueOf(cls),
                read(rs.getString("breaking"), INCOMPATIBILITIES), rs.getString("created_by_name"), instant(rs, "created_at"));
    }

    private static DeploymentRow deployment(ResultSet rs) throws SQLException {
        String cls = rs.getString("change_class");
        return new DeploymentRow(rs.getString("id"), rs.getString("function_name"), rs.getInt("version"),
                rs.getInt("major"), rs.getString("status"), cls == null ? null : ChangeClass.valueOf(cls),
                read(rs.getString("breaking"), INCOMPATIBILITIES), rs.getString("requested_by"),
                instant(rs, "requested_at"), rs.getString("decided_by"), instant(rs, "decided_at"),
                rs.getString("previous_id"), new People(rs.getString("requested_by_name"),
                        rs.getString("decided_by_name")));
    }

    private static Deployed deployed(ResultSet rs) throws SQLException {
        return new Deployed(rs.getString("function_name"), rs.getInt("major"), rs.getInt("version"),
                rs.getString("template"), rs.getString("template_hash"), read(rs.getString("parameters"), PARAMETERS),
                read(rs.getString("json_schema"), ObjectNode.class), read(rs.getString("settings"), PromptSettings.class),
                rs.getString("deployment_id"), instant(rs, "activated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static <T> T read(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** The username of the user whose id is in {@code column}, or the column's own value when there is none. */
    static String username(String column) {
        return username(column, "u");
    }

    private static String username(String column, String alias) {
        return "COALESCE(" + alias + ".username, " + column + ")";
    }

    static String joinUser(String column) {
        return joinUser(column, "u");
    }

    private static String joinUser(String column, String alias) {
        return "LEFT JOIN app_user " + alias + " ON " + alias + ".id = " + column;
    }

    private static String marks(Collection<?> values) {
        return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
    }

    private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
    }
}
