package dev.familiar.server.admin;

import dev.familiar.server.audit.AuditEntry;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.auth.Role;
import dev.familiar.server.tokens.AccessTokens;
import dev.familiar.server.tokens.IssuedToken;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Sessions for a program that runs this server inside its own process (the admin console on its embedded server):
 * an access token of the platform's first usable administrator, handed over in memory without a password. Never
 * reachable over HTTP: the trust stays inside the process that started the server. Each issue is audited as
 * {@code admin.in-process-session}.
 */
public final class InProcessAdminSessions {
    /** Who the session is for and its token; the token is a secret: never log it. */
    public record Session(String userId, String username, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[" + username + ", expires " + expiresAt + "]";
        }
    }

    private final DataSource dataSource;
    private final AccessTokens tokens;
    private final AuditLog audit;

    public InProcessAdminSessions(DataSource dataSource, AccessTokens tokens, AuditLog audit) {
        this.dataSource = dataSource;
        this.tokens = tokens;
        this.audit = audit;
    }

    /**
     * A fresh session of the earliest-created platform administrator who can sign in (has a password and is not
     * locked or deleted); empty when there is none.
     */
    public Optional<Session> issue() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM app_user WHERE tenant_id = ? "
                     + "AND password_hash NOT LIKE '!%' ORDER BY created_at, id")) {
            ps.setString(1, AdminBootstrap.PLATFORM_TENANT_ID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<Role> roles = roles(rs.getString("roles"));
                    if (!roles.contains(Role.ADMIN) || unusable(rs)) {
                        continue;
                    }
                    String id = rs.getString("id");
                    String username = rs.getString("username");
                    IssuedToken token = tokens.issueForUser(id, AdminBootstrap.PLATFORM_TENANT_ID, username, roles);
                    audit.record(new AuditEntry(AdminBootstrap.PLATFORM_TENANT_ID, id, "admin.in-process-session", id,
                            AuditEntry.Outcome.SUCCESS, null, "in-process"));
                    return Optional.of(new Session(id, username, token.token(), token.expiresAt()));
                }
            }
        }
        return Optional.empty();
    }

    /** A locked or deleted account, where the schema knows those states. */
    private static boolean unusable(ResultSet rs) throws SQLException {
        var meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnLabel(i);
            if (("locked_at".equalsIgnoreCase(column) || "deleted_at".equalsIgnoreCase(column))
                    && rs.getObject(i) != null) {
                return true;
            }
        }
        return false;
    }

    private static Set<Role> roles(String text) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(name -> {
            try {
                roles.add(Role.valueOf(name));
            } catch (IllegalArgumentException ignored) {
                // an unknown role grants nothing
            }
        });
        return roles;
    }
}
