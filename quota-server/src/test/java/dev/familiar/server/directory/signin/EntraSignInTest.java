package dev.familiar.server.directory.signin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.GroupRoles;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Entra sign-in end to end: a real server in Entra mode whose authority is a local stand-in serving the tenant's
 * keys, ID tokens signed by them, and a directory that answers memberships. Groups map to roles through {@link
 * GroupRoles}; the token we issue is then used on the routes those roles open.
 */
@Tag("storage")
class EntraSignInTest {
    static final String PROMPT_ENGINEERS = "group-prompt-engineers";
    static final String BILLING_ADMINS = "group-billing-admins";
    static final String NOBODY_GROUP = "group-unmapped";

    @TempDir
    static Path tempDir;
    static MutableClock clock;
    static EntraStandIn entra;
    static GroupsDirectory directory;
    static FamiliarServer server;
    static Identity identity;

    @BeforeAll
    static void start() throws Exception {
        clock = MutableClock.startingNow();
        entra = new EntraStandIn(clock);
        directory = new GroupsDirectory();
        GroupRoles mappings = groups -> {
            Set<Role> roles = EnumSet.noneOf(Role.class);
            if (groups.contains(PROMPT_ENGINEERS)) {
                roles.add(Role.PROMPT_ENGINEER);
            }
            if (groups.contains(BILLING_ADMINS)) {
                roles.add(Role.BILLING_ADMIN);
            }
            return roles;
        };
        server = TestServers.start(TestServers.config(tempDir).withEntra(entra.settings()), clock, directory, mappings);
        identity = new Identity(server);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        entra.close();
    }

    static String newOid() {
        return UUID.randomUUID().toString();
    }

    static Answer signIn(String idToken) {
        return HttpCalls.post(server.baseUrl() + "/api/auth/entra/sign-in", "{\"idToken\":\"" + idToken + "\"}");
    }

    /** A person in {@code groups}, with a fresh oid. */
    static String member(String... groups) {
        String oid = newOid();
        directory.memberships.put(oid, Set.of(groups));
        return oid;
    }

    @Test
    void configNamesTheTenantsAuthorityAndTheConsolesApplication() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/auth/entra/config");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode data = answer.json().path("data");
        assertThat(data.path("enabled").asBoolean()).isTrue();
        assertThat(data.path("authority").asText()).isEqualTo(entra.authorityUrl() + "/" + EntraStandIn.TENANT);
        assertThat(data.path("tenantId").asText()).isEqualTo(EntraStandIn.TENANT);
        assertThat(data.path("clientId").asText()).isEqualTo(EntraStandIn.CONSOLE_CLIENT);
        assertThat(data.path("scopes").toString()).contains("openid", "profile");
        assertThat(answer.body()).doesNotContain("server-secret").doesNotContain(EntraStandIn.SERVER_CLIENT);
    }

    @Test
    void aPromptEngineerSignsInAndTheirTokenOpensThePromptLabButNotTheAdminRoutes() {
        String oid = member(PROMPT_ENGINEERS, NOBODY_GROUP);

        Answer answer = signIn(entra.idToken(oid, "Pat.Engineer@Contoso.example"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode data = answer.json().path("data");
        assertThat(data.path("username").asText()).isEqualTo("pat.engineer@contoso.example");
        assertThat(data.path("roles").toString()).isEqualTo("[\"PROMPT_ENGINEER\",\"USER\"]");
        assertThat(data.path("mustChangePassword").asBoolean()).isFalse();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + data.path("token").asText());
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/prompt-lab/budgets", bearer).status()).isEqualTo(200);
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/users", bearer).status()).isEqualTo(403);
    }

    @Test
    void theAnswerOfASignInKeepsItsShape() {
        Answer answer = signIn(entra.idToken(member(BILLING_ADMINS), "golden.person@contoso.example"));

        GoldenFiles.assertMatches("auth-entra-sign-in-200", answer.status(),
                answer.body().replace(answer.json().at("/data/token").asText(), "<token>"));
    }

    @Test
    void theConfigKeepsItsShape() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/auth/entra/config");

        // the authority's port changes from run to run
        GoldenFiles.assertMatches("auth-entra-config-200", answer.status(),
                answer.body().replace(entra.authorityUrl(), "http://authority.example"));
    }

    @Test
    void someoneInNoMappedGroupIsRefusedWith403() {
        Answer answer = signIn(entra.idToken(member(NOBODY_GROUP), "outsider@contoso.example"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("FORBIDDEN");
        assertThat(answer.json().at("/error/message").asText()).contains("in no group that grants access to Familiar");
        GoldenFiles.assertMatches("auth-entra-sign-in-403", answer.status(), answer.body());
    }

    @Test
    void theSecondSignInReusesTheAccountAndFollowsTheGroupsOfTheMoment() {
        String oid = member(PROMPT_ENGINEERS);
        Answer first = signIn(entra.idToken(oid, "returning@contoso.example"));
        directory.memberships.put(oid, Set.of(BILLING_ADMINS));

        Answer second = signIn(entra.idToken(oid, "renamed-upn@contoso.example"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().at("/data/userId").asText()).isEqualTo(first.json().at("/data/userId").asText());
        assertThat(second.json().at("/data/username").asText()).isEqualTo("returning@contoso.example");
        assertThat(second.json().at("/data/roles").toString()).isEqualTo("[\"BILLING_ADMIN\",\"USER\"]");
    }

    @Test
    void aLocalAccountOfTheSameNameIsNeverTakenOver() throws Exception {
        Identity.Account local = identity.userInTenant("shared.name@contoso.example", dev.familiar.server.admin.AdminBootstrap.PLATFORM_TENANT_ID);
        String oid = member(PROMPT_ENGINEERS);

        Answer answer = signIn(entra.idToken(oid, "Shared.Name@contoso.example"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/userId").asText()).isNotEqualTo(local.userId());
        assertThat(answer.json().at("/data/username").asText()).isEqualTo("entra:shared.name@contoso.example");
        // and the local account still logs in with its password, with its own roles
        assertThat(identity.login("shared.name@contoso.example", Identity.PASSWORD).userId()).isEqualTo(local.userId());
    }

    @Test
    void concurrentFirstSignInsOfOnePersonMakeOneAccount() throws Exception {
        String oid = member(PROMPT_ENGINEERS);
        String token = entra.idToken(oid, "racer@contoso.example");
        int racers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return signIn(token);
                }));
            }
            go.countDown();
            Set<String> userIds = new java.util.HashSet<>();
            for (Future<Answer> f : answers) {
                Answer a = f.get();
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                userIds.add(a.json().at("/data/userId").asText());
            }
            assertThat(userIds).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM external_identity WHERE subject = ?", oid)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM app_user WHERE username LIKE ?", "%racer@contoso.example")).isEqualTo(1);
    }

    @Test
    void aLockedAccountIsRefusedAndADeletedOneToo() {
        String oid = member(PROMPT_ENGINEERS);
        String userId = signIn(entra.idToken(oid, "to-lock@contoso.example")).json().at("/data/userId").asText();
        Map<String, String> admin = identity.admin().bearer();
        assertThat(HttpCalls.call(new okhttp3.Request.Builder().url(server.baseUrl() + "/api/admin/users/" + userId)
                .headers(okhttp3.Headers.of(admin)).patch(okhttp3.RequestBody.create("{\"locked\":true}", HttpCalls.JSON))
                .build()).status()).isEqualTo(200);

        Answer locked = signIn(entra.idToken(oid, "to-lock@contoso.example"));
        assertThat(locked.status()).isEqualTo(403);
        assertThat(locked.json().at("/error/message").asText()).contains("locked");

        assertThat(HttpCalls.call(new okhttp3.Request.Builder().url(server.baseUrl() + "/api/admin/users/" + userId)
                .headers(okhttp3.Headers.of(admin)).delete().build()).status()).isBetween(200, 204);
        Answer deleted = signIn(entra.idToken(oid, "to-lock@contoso.example"));
        assertThat(deleted.status()).isEqualTo(403);
        assertThat(deleted.json().at("/error/message").asText()).contains("deleted");
    }

    @TestFactory
    Stream<DynamicTest> aTokenThatIsNotExactlyRightIsRefusedWith401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("entra-key-1").generate();
        RSAKey unknownKid = new RSAKeyGenerator(2048).keyID("kid-nobody-published").generate();
        String oid = member(PROMPT_ENGINEERS);
        String upn = "someone@contoso.example";
        Map<String, Supplier<String>> tokens = new java.util.LinkedHashMap<>();
        tokens.put("wrong audience", () -> entra.idToken(oid, upn, c -> c.audience("another-app")));
        tokens.put("two audiences", () -> entra.idToken(oid, upn, c -> c.audience(List.of(EntraStandIn.CONSOLE_CLIENT, "x"))));
        tokens.put("the server's own client id as audience",
                () -> entra.idToken(oid, upn, c -> c.audience(EntraStandIn.SERVER_CLIENT)));
        tokens.put("wrong issuer", () -> entra.idToken(oid, upn,
                c -> c.issuer("https://login.microsoftonline.com/" + EntraStandIn.TENANT + "/v2.0")));
        tokens.put("v1 issuer", () -> entra.idToken(oid, upn,
                c -> c.issuer("https://sts.windows.net/" + EntraStandIn.TENANT + "/")));
        tokens.put("another tenant", () -> entra.idToken(oid, upn, c -> c.claim("tid", UUID.randomUUID().toString())));
        tokens.put("no tenant", () -> entra.idToken(oid, upn, c -> c.claim("tid", null)));
        tokens.put("expired", () -> entra.idToken(oid, upn, c -> c
                .expirationTime(Date.from(clock.instant().minus(Duration.ofMinutes(5))))));
        tokens.put("no expiry", () -> entra.idToken(oid, upn, c -> c.expirationTime(null)));
        tokens.put("not valid yet", () -> entra.idToken(oid, upn, c -> c
                .notBeforeTime(Date.from(clock.instant().plus(Duration.ofMinutes(10))))));
        tokens.put("no oid", () -> entra.idToken(oid, upn, c -> c.claim("oid", null)));
        tokens.put("alg none", () -> new PlainJWT(entra.claims(oid, upn).build()).serialize());
        tokens.put("HS256 with the public key as secret", () -> hs256(entra.claims(oid, upn).build()));
        tokens.put("unknown kid", () -> EntraStandIn.sign(unknownKid, entra.claims(oid, upn).build()));
        tokens.put("a stranger's key under the tenant's kid", () -> EntraStandIn.sign(stranger, entra.claims(oid, upn).build()));
        tokens.put("tampered payload", () -> tampered(entra.idToken(oid, upn)));
        tokens.put("not a JWT", () -> "not-a-jwt");
        return tokens.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String token = e.getValue().get();
            Answer answer = signIn(token);
            assertThat(answer.status()).as("%s: %s", e.getKey(), answer.body()).isEqualTo(401);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(answer.body()).doesNotContain(token);
            for (String part : token.split("\\.")) {
                if (part.length() > 8) {
                    assertThat(answer.body()).doesNotContain(part);
                }
            }
        }));
    }

    @Test
    void anExpiredTokenSaysSoPlainly() {
        Answer answer = signIn(entra.idToken(member(PROMPT_ENGINEERS), "late@contoso.example",
                c -> c.expirationTime(Date.from(clock.instant().minus(Duration.ofMinutes(5))))));

        assertThat(answer.json().at("/error/message").asText()).isEqualTo("Entra sign-in refused: The ID token has expired; sign in again");
        GoldenFiles.assertMatches("auth-entra-sign-in-401", answer.status(), answer.body());
    }

    @Test
    void aTokenWithinTheClockSkewIsStillAccepted() {
        Answer answer = signIn(entra.idToken(member(PROMPT_ENGINEERS), "skewed@contoso.example",
                c -> c.expirationTime(Date.from(clock.instant().minus(Duration.ofSeconds(20))))));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void unknownKeyIdsDoNotMakeTheServerFetchTheKeysEachTime() throws Exception {
        signIn(entra.idToken(member(PROMPT_ENGINEERS), "warm@contoso.example")); // the keys are cached from here
        int before = entra.keyFetches.get();

        for (int i = 0; i < 20; i++) {
            RSAKey random = new RSAKeyGenerator(2048).keyID("random-" + i).generate();
            assertThat(signIn(EntraStandIn.sign(random, entra.claims(newOid(), "x@contoso.example").build())).status())
                    .isEqualTo(401);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(entra.idToken(member(PROMPT_ENGINEERS), "again" + i + "@contoso.example")).status())
                    .isEqualTo(200);
        }

        // the re-reads an unknown kid causes are rate limited (at most a couple per 30 s), whatever the number of kids
        assertThat(entra.keyFetches.get() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void aThrottlingDirectoryIs503WithRetryAfterAndAnUnreachableOne502() {
        String oid = member(PROMPT_ENGINEERS);
        String token = entra.idToken(oid, "while-throttled@contoso.example");
        synchronized (EntraSignInTest.class) {
            directory.failure = new DirectoryException(DirectoryException.Kind.THROTTLED, "Microsoft Graph is throttling",
                    Optional.of(Duration.ofSeconds(7)), null);
            try {
                Answer throttled = signIn(token);
                assertThat(throttled.status()).isEqualTo(503);
                assertThat(throttled.header("Retry-After")).isEqualTo("7");
                directory.failure = new DirectoryException(DirectoryException.Kind.UNAVAILABLE, "Microsoft Graph did not answer");
                Answer down = signIn(token);
                assertThat(down.status()).isEqualTo(502);
                assertThat(down.json().at("/error/message").asText()).contains("Microsoft Graph did not answer");
            } finally {
                directory.failure = null;
            }
        }
        assertThat(signIn(token).status()).isEqualTo(200);
    }

    @Test
    void theIdTokenNeverReachesTheLogOrTheAuditTrail() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> raw = new ListAppender<>();
        raw.setContext(context);
        raw.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(raw);
        String good = entra.idToken(member(PROMPT_ENGINEERS), "logged@contoso.example");
        String refused = entra.idToken(member(NOBODY_GROUP), "refused@contoso.example");
        String expired = entra.idToken(member(PROMPT_ENGINEERS), "expired@contoso.example",
                c -> c.expirationTime(Date.from(clock.instant().minus(Duration.ofHours(2)))));
        String forged = tampered(good);
        try {
            assertThat(signIn(good).status()).isEqualTo(200);
            assertThat(signIn(refused).status()).isEqualTo(403);
            assertThat(signIn(expired).status()).isEqualTo(401);
            assertThat(signIn(forged).status()).isEqualTo(401);
        } finally {
            root.detachAppender(raw);
            raw.stop();
        }

        StringBuilder everything = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(raw.list)) {
            everything.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
            event.getMDCPropertyMap().values().forEach(v -> everything.append(v).append('\n'));
        }
        assertThat(everything).as("the log had lines").contains("Entra sign-in");
        StringBuilder audit = new StringBuilder();
        try (Connection c = identity.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_log WHERE action = 'auth.entra.sign-in'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    audit.append(rs.getString(i)).append(' ');
                }
                audit.append('\n');
            }
        }
        assertThat(audit).contains("SUCCESS").contains("DENIED").contains("FAILURE");
        for (String token : List.of(good, refused, expired, forged)) {
            for (String part : token.split("\\.")) {
                assertThat(everything).doesNotContain(part);
                assertThat(audit).doesNotContain(part);
            }
        }
    }

    static String hs256(JWTClaimsSet claims) {
        try {
            byte[] secret = entra.key.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(entra.key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token with one claim changed after signing (the signature left as it was). */
    static String tampered(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet changed = new JWTClaimsSet.Builder(jwt.getJWTClaimsSet()).claim("oid", newOid()).build();
            return jwt.getHeader().toBase64URL() + "." + Base64URL.encode(changed.toString()) + "." + jwt.getSignature();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String sql, String arg) throws Exception {
        try (Connection c = identity.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
