package dev.familiar.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Test helper: users of every role on a running server, and their tokens, through the real routes. */
public final class Identity {
    public static final String PASSWORD = "a-very-long-password-1";

    /** A user and a token for calling the server as them. */
    public record Account(String userId, String tenantId, String username, String token) {
        public Map<String, String> bearer() {
            return Map.of("Authorization", "Bearer " + token);
        }
    }

    private final FamiliarServer server;

    public Identity(FamiliarServer server) {
        this.server = server;
    }

    /** Registers a new self-service user (role USER, own tenant). */
    public Account register(String username) {
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/v1/auth/register",
                "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\",\"password\":\"" + PASSWORD + "\"}");
        if (answer.status() != 201) {
            throw new AssertionError("register " + username + ": " + answer.status() + " " + answer.body());
        }
        JsonNode body = answer.json();
        return new Account(body.path("userId").asText(), tenantOf(body.path("token").asText()), username,
                body.path("token").asText());
    }

    /** Logs in (any user, including ones created directly in the database). */
    public Account login(String username, String password) {
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (answer.status() != 200) {
            throw new AssertionError("login " + username + ": " + answer.status() + " " + answer.body());
        }
        JsonNode body = answer.json();
        return new Account(body.path("userId").asText(), tenantOf(body.path("token").asText()), username,
                body.path("token").asText());
    }

    /** An organisation created by the admin API, and a UC-17 access token of it (scopes usage:write entitlements:read). */
    public record Org(String orgId, String token) {
        public Map<String, String> bearer() {
            return Map.of("Authorization", "Bearer " + token);
        }
    }

    /** Creates an organisation on {@code planCode} (trialing when {@code trialDays} > 0) and activates a plugin token. */
    public Org org(String planCode, int trialDays) {
        Account admin = admin();
        Answer created = HttpCalls.post(server.baseUrl() + "/api/admin/tenants",
                "{\"name\":\"Org " + UUID.randomUUID() + "\",\"planCode\":\"" + planCode + "\",\"trialDays\":" + trialDays + "}",
                admin.bearer());
        if (created.status() != 201) {
            throw new AssertionError("create tenant: " + created.status() + " " + created.body());
        }
        String orgId = created.json().at("/data/orgId").asText();
        String code = HttpCalls.post(server.baseUrl() + "/api/admin/activation-codes",
                "{\"orgId\":\"" + orgId + "\",\"domain\":\"plugin.example.com\"}", admin.bearer())
                .json().at("/data/activationCode").asText();
        String token = HttpCalls.post(server.baseUrl() + "/api/tokens/activate", "{\"activationCode\":\"" + code + "\"}")
                .json().at("/data/accessToken").asText();
        return new Org(orgId, token);
    }

    /** The seeded platform administrator. */
    public Account admin() {
        return login(TestServers.ADMIN_USERNAME, TestServers.ADMIN_PASSWORD);
    }

    /** Creates a user with the given roles in {@code tenantId} directly in the database, then logs in. */
    public Account userInTenant(String username, String tenantId, Role... roles) throws Exception {
        UserStore store = new UserStore(dataSource());
        Set<Role> set = EnumSet.of(Role.USER, roles);
        store.create(new User(UUID.randomUUID().toString(), tenantId, username, Optional.of(username + "@example.com"),
                new PasswordHasher(1_000).hash(PASSWORD.toCharArray()), set, false, Instant.now()));
        return login(username, PASSWORD);
    }

    public DataSource dataSource() {
        String url = server.config().dbUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(url);
            ds.setUser(server.config().dbUser());
            ds.setPassword(server.config().dbPassword());
            return ds;
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser(server.config().dbUser());
        ds.setPassword(server.config().dbPassword());
        return ds;
    }

    /** The {@code tid} claim of one of our JWTs (tests only read it; the server verifies). */
    public static String tenantOf(String jwt) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim("tid");
        } catch (Exception e) {
            throw new AssertionError("not a JWT: " + e.getMessage(), e);
        }
    }
}
