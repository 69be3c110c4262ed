package dev.familiar.server.directory.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.audit.AuditLog;
import dev.familiar.server.config.ServerConfig;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.http.JsonBodies;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How every directory route answers the directory's failures, over HTTP on the real server (guard, envelope, headers,
 * audit): the same routes are mounted a second time under {@code /test/directory} over a directory in memory that
 * fails on demand, since the local directory never is throttled or refused. THROTTLED is a 503 with Retry-After,
 * DENIED and UNAVAILABLE a 502, CONFLICT a 409, each with the directory's message.
 */
@Tag("storage")
class DirectoryAdminUpstreamFailureTest {
    static final String BASE = "/test/directory";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static InMemoryDirectory directory;
    static DataSource dataSource;
    static Account admin;

    record Case(String method, String path, String body) {
        String name() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void start() {
        ServerConfig config = TestServers.config(tempDir);
        dataSource = dataSource(config);
        directory = new InMemoryDirectory();
        DirectoryAdministration administration = new DirectoryAdministration(directory, id -> { },
                new AuditLog(dataSource, Clock.systemUTC()));
        server = TestServers.start(config, new DirectoryAdminRoutes(new JsonBodies(JsonBodies.strictMapper()),
                administration, BASE));
        admin = new Identity(server).admin();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Stream<Case> everyOperation() {
        return Stream.of(
                new Case("GET", "/groups?search=eng", null),
                new Case("POST", "/groups", "{\"displayName\":\"Engineers\"}"),
                new Case("PATCH", "/groups/grp_1", "{\"displayName\":\"Engineers\"}"),
                new Case("DELETE", "/groups/grp_1", null),
                new Case("GET", "/groups/grp_1/members", null),
                new Case("POST", "/groups/grp_1/members", "{\"emails\":[\"ann@example.com\"]}"),
                new Case("DELETE", "/groups/grp_1/members/u-ann", null),
                new Case("GET", "/users?search=ann", null));
    }

    static Answer call(Case c) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + BASE + c.path());
        admin.bearer().forEach(b::header);
        b.method(c.method(), c.body() == null ? null : RequestBody.create(c.body(), HttpCalls.JSON));
        return HttpCalls.call(b.build());
    }

    @TestFactory
    Stream<DynamicTest> aThrottledDirectoryIs503WithRetryAfter() {
        return everyOperation().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            directory.failNext("", new DirectoryException(DirectoryException.Kind.THROTTLED,
                    "Microsoft Graph is throttling requests; try again shortly", Optional.of(Duration.ofMillis(11_200)),
                    null));

            Answer answer = call(c);

            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("12");
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(answer.json().at("/error/details/retryAfterSeconds").asInt()).isEqualTo(12);
            assertThat(answer.json().at("/error/message").asText())
                    .isEqualTo("Microsoft Graph is throttling requests; try again shortly");
        }));
    }

    @TestFactory
    Stream<DynamicTest> aRefusingDirectoryIs502() {
        return everyOperation().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            directory.failNext("", new DirectoryException(DirectoryException.Kind.DENIED,
                    "The app registration lacks the Graph permission GroupMember.ReadWrite.All"));

            Answer answer = call(c);

            assertThat(answer.status()).as(answer.body()).isEqualTo(502);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("UPSTREAM_FAILED");
            assertThat(answer.json().at("/error/message").asText())
                    .isEqualTo("The app registration lacks the Graph permission GroupMember.ReadWrite.All");
            assertThat(answer.header("Retry-After")).isNull();
        }));
    }

    @TestFactory
    Stream<DynamicTest> anUnavailableDirectoryIs502() {
        return everyOperation().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            directory.failNext("", new DirectoryException(DirectoryException.Kind.UNAVAILABLE,
                    "Microsoft Graph did not answer in time"));

            Answer answer = call(c);

            assertThat(answer.status()).as(answer.body()).isEqualTo(502);
            assertThat(answer.json().at("/error/code").asText()).isEqualTo("UPSTREAM_FAILED");
        }));
    }

    @Test
    void theShapesOfThe502And503() {
        directory.failNext("", new DirectoryException(DirectoryException.Kind.THROTTLED,
                "Microsoft Graph is throttling requests; try again shortly", Optional.of(Duration.ofSeconds(30)), null));
        GoldenFiles.assertMatches("directory-groups-list-503", 503, call(everyOperation().findFirst().orElseThrow()).body());
        directory.failNext("", new DirectoryException(DirectoryException.Kind.DENIED,
                "The app registration lacks the Graph permission Group.ReadWrite.All"));
        GoldenFiles.assertMatches("directory-groups-list-502", 502, call(everyOperation().findFirst().orElseThrow()).body());
    }

    @Test
    void aConflictIs409WithTheDirectorysMessage() {
        directory.failNext("create", new DirectoryException(DirectoryException.Kind.CONFLICT,
                "A group named Engineers exists already"));

        Answer answer = call(new Case("POST", "/groups", "{\"displayName\":\"Engineers\"}"));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("CONFLICT");
        assertThat(answer.json().at("/error/message").asText()).isEqualTo("A group named Engineers exists already");
    }

    @Test
    void aFailedWriteIsAuditedAsAFailure() throws Exception {
        directory.failNext("removeMember", new DirectoryException(DirectoryException.Kind.UNAVAILABLE, "down"));

        Answer answer = call(new Case("DELETE", "/groups/grp_audit/members/u-zed", null));

        assertThat(answer.status()).isEqualTo(502);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT outcome, actor FROM audit_log WHERE action = 'directory.member.remove' AND target LIKE ?")) {
            ps.setString(1, "grp_audit%u-zed%");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("outcome")).isEqualTo("FAILURE");
                assertThat(rs.getString("actor")).isEqualTo(admin.userId());
            }
        }
    }

    private static DataSource dataSource(ServerConfig config) {
        if (config.dbUrl().startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(config.dbUrl());
            ds.setUser(config.dbUser());
            ds.setPassword(config.dbPassword());
            return ds;
        }
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(config.dbUrl());
        ds.setUser(config.dbUser());
        ds.setPassword(config.dbPassword());
        return ds;
    }
}
