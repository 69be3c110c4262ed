package dev.familiar.server.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.audit.AuditEntryView;
import dev.familiar.model.audit.AuditFilter;
import dev.familiar.model.audit.AuditPage;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log query over a real server and an exact data set written straight into {@code audit_log} (in 2030 and
 * later, after everything the server audits itself at its clock's 2026): keyset pages without gap or duplicate across
 * entries that share an instant, each filter, a tenant admin confined to their tenant, the CSV export's exact lines,
 * quoting and formula defence, and that a large export is streamed (chunked, no Content-Length).
 */
@Tag("storage")
class AuditRoutesTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant TRICKY = Instant.parse("2031-01-01T00:00:00Z");
    static final Instant MANY = Instant.parse("2032-01-01T00:00:00Z");
    static final int MANY_ROWS = 20_000;
    @TempDir
    static Path tempDir;
    static MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    static FamiliarServer server;
    static Identity identity;
    static FamiliarClient admin;
    static FamiliarClient tenantAdminA;
    static Identity.Account tenantAdminAccount;
    static String tenantA;
    static String tenantB;
    /** The entries of the 2030 window, as written. */
    static final List<AuditEntryView> seeded = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        admin = FamiliarClient.connect(server.baseUrl()).withBearer(identity.admin().token());
        tenantA = identity.org("starter", 0).orgId();
        tenantB = identity.org("starter", 0).orgId();
        tenantAdminAccount = identity.userInTenant("audit-tenant-admin", tenantA, Role.TENANT_ADMIN);
        tenantAdminA = FamiliarClient.connect(server.baseUrl()).withBearer(tenantAdminAccount.token());
        String[] actions = {"billing.pause", "billing.resume", "users.invite"};
        String[] outcomes = {"SUCCESS", "FAILURE", "DENIED"};
        for (int i = 0; i < 250; i++) {
            // Three entries per instant: the id breaks the tie, and a page may end inside such a group.
            String tenant = i % 5 == 0 ? null : i % 2 == 0 ? tenantA : tenantB;
            seeded.add(new AuditEntryView(String.format("e-%04d", i), T0.plusSeconds(i / 3), tenant, "actor-" + i % 4,
                    actions[i % 3], "target-" + i, outcomes[i % 3], "req-" + i, "10.0.0." + i % 7));
        }
        // LIKE wildcards in an action must match themselves only.
        seeded.add(new AuditEntryView("e-0250", T0.plusSeconds(100), tenantA, "actor-0", "users_odd", "t", "SUCCESS",
                "req-250", "10.0.0.1"));
        seeded.add(new AuditEntryView("e-0251", T0.plusSeconds(101), tenantA, "actor-0", "usersXodd", "t", "SUCCESS",
                "req-251", "10.0.0.1"));
        insert(seeded);
        insert(List.of(
                new AuditEntryView("t-1", TRICKY.plusSeconds(1), tenantA, "=1+2", "users.invite", "a,\"b\"", "SUCCESS",
                        "req-t1", "@host"),
                new AuditEntryView("t-2", TRICKY.plusSeconds(2), tenantA, "-cmd", "users.invite", "line1\nline2",
                        "DENIED", "+r", "\tx"),
                new AuditEntryView("t-3", TRICKY.plusSeconds(3), null, "plain", "users.invite", null, "FAILURE", null,
                        null)));
        List<AuditEntryView> many = new ArrayList<>();
        for (int i = 0; i < MANY_ROWS; i++) {
            many.add(new AuditEntryView(String.format("m-%06d", i), MANY.plusMillis(i), tenantB, "bulk", "bulk.write",
                    "object-" + i + "-with-a-longer-target-name-to-fill-the-line", "SUCCESS", "req-m" + i,
                    "192.168.0.1"));
        }
        insert(many);
    }

    static void insert(List<AuditEntryView> entries) throws Exception {
        try (Connection c = identity.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (id, tenant_id, actor, action, target, outcome, request_id, client_address, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            int n = 0;
            for (AuditEntryView e : entries) {
                ps.setString(1, e.id());
                ps.setString(2, e.tenantId());
                ps.setString(3, e.actor());
                ps.setString(4, e.action());
                ps.setString(5, e.target());
                ps.setString(6, e.outcome());
                ps.setString(7, e.requestId());
                ps.setString(8, e.clientAddress());
                ps.setTimestamp(9, Timestamp.from(e.at()));
                ps.addBatch();
                if (++n % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        tenantAdminA.close();
        server.stop();
    }

    static final Instant WINDOW_END = T0.plusSeconds(1000);

    static AuditFilter window(String actor, String action, String tenantId) {
        return new AuditFilter(actor, action, tenantId, T0, WINDOW_END);
    }

    /** What the server must answer: the seeded entries the predicate keeps, newest first (ties: larger id first). */
    static List<String> expected(Predicate<AuditEntryView> keep) {
        return seeded.stream().filter(keep).sorted(Comparator.comparing(AuditEntryView::at)
                .thenComparing(AuditEntryView::id).reversed()).map(AuditEntryView::id).toList();
    }

    static List<String> all(FamiliarClient client, AuditFilter filter, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 500; pages++) {
            AuditPage page = client.audit().page(filter, cursor, limit);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            page.items().forEach(e -> ids.add(e.id()));
            if (page.nextCursor() == null) {
                return ids;
            }
            assertThat(page.items()).hasSize(limit);
            cursor = page.nextCursor();
        }
        throw new AssertionError("more than 500 pages");
    }

    @Test
    void pagesCoverEveryEntryOnceNewestFirstAcrossEntriesThatShareAnInstant() {
        List<String> want = expected(e -> true);
        for (int limit : new int[] {1, 7, 100, 500}) {
            List<String> got = all(admin, window(null, null, null), limit);
            assertThat(got).as("limit %d", limit).isEqualTo(want);
            assertThat(new HashSet<>(got)).hasSize(got.size());
        }
    }

    @Test
    void theDefaultPageHoldsAHundredEntries() {
        AuditPage page = admin.audit().page(window(null, null, null), null, null);
        assertThat(page.items()).hasSize(100);
        assertThat(page.nextCursor()).isNotNull();
        assertThat(page.items().get(0)).isEqualTo(seeded.stream().filter(e -> e.id().equals("e-0251")).findFirst()
                .orElseThrow());
    }

    @Test
    void actorMatchesExactly() {
        assertThat(all(admin, window("actor-1", null, null), 13)).isEqualTo(expected(e -> e.actor().equals("actor-1")));
        assertThat(all(admin, window("actor-", null, null), 13)).isEmpty();
    }

    @Test
    void actionMatchesExactlyOrByPrefixWithATrailingStar() {
        assertThat(all(admin, window(null, "billing.pause", null), 50))
                .isEqualTo(expected(e -> e.action().equals("billing.pause")));
        assertThat(all(admin, window(null, "billing.*", null), 50))
                .isEqualTo(expected(e -> e.action().startsWith("billing.")));
        assertThat(all(admin, window(null, "billing", null), 50)).isEmpty();
        assertThat(all(admin, window(null, "*", null), 500)).isEqualTo(expected(e -> true));
    }

    @Test
    void likeWildcardsInAnActionPrefixMatchOnlyThemselves() {
        assertThat(all(admin, window(null, "users_*", null), 50)).containsExactly("e-0250");
        assertThat(all(admin, window(null, "usersX*", null), 50)).containsExactly("e-0251");
    }

    @Test
    void tenantMatchesExactly() {
        assertThat(all(admin, window(null, null, tenantB), 20)).isEqualTo(expected(e -> tenantB.equals(e.tenantId())));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        Instant from = T0.plusSeconds(10);
        Instant to = T0.plusSeconds(20);
        List<String> got = all(admin, new AuditFilter(null, null, null, from, to), 4);
        assertThat(got).isEqualTo(expected(e -> !e.at().isBefore(from) && e.at().isBefore(to)));
        assertThat(got).hasSize(30).contains("e-0030").doesNotContain("e-0060");
    }

    @Test
    void filtersCombine() {
        assertThat(all(admin, window("actor-2", "users.*", tenantA), 3)).isEqualTo(expected(e ->
                e.actor().equals("actor-2") && e.action().startsWith("users.") && tenantA.equals(e.tenantId())));
    }

    @Test
    void aTenantAdminReadsOnlyTheirOwnTenant() {
        List<String> own = expected(e -> tenantA.equals(e.tenantId()));
        assertThat(all(tenantAdminA, window(null, null, null), 9)).isEqualTo(own);
        assertThat(all(tenantAdminA, window(null, null, tenantA), 9)).isEqualTo(own);
    }

    @Test
    void aTenantAdminNamingAnotherTenantIsForbidden() {
        ApiError refused = catchThrowableOfType(ApiError.class,
                () -> tenantAdminA.audit().page(window(null, null, tenantB), null, 10));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code().name()).isEqualTo("FORBIDDEN");
        Answer csv = HttpCalls.get(server.baseUrl() + "/api/admin/audit?tenantId=" + tenantB, Map.of("Authorization",
                "Bearer " + tenantAdminAccount.token(), "Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(403);
        assertThat(csv.headers().get("Content-Type")).startsWith("application/json");
        assertThat(csv.json().at("/error/code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void aPlainUserIsForbidden() throws Exception {
        Identity.Account user = identity.userInTenant("audit-plain-user", tenantA);
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/audit", user.bearer());
        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void theCsvExportHasAHeaderThenEveryMatchingEntryNewestFirstQuotedAndDefused() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        long bytes = admin.audit().exportCsv(new AuditFilter(null, null, null, TRICKY, TRICKY.plusSeconds(60)), sink);
        String text = sink.toString(StandardCharsets.UTF_8);
        assertThat(bytes).isEqualTo(sink.size());
        assertThat(text).isEqualTo(String.join("\r\n",
                "id,at,tenantId,actor,action,target,outcome,requestId,clientAddress",
                "t-3,2031-01-01T00:00:03Z,,plain,users.invite,,FAILURE,,",
                "t-2,2031-01-01T00:00:02Z," + tenantA + ",'-cmd,users.invite,\"line1\nline2\",DENIED,'+r,'\tx",
                "t-1,2031-01-01T00:00:01Z," + tenantA + ",'=1+2,users.invite,\"a,\"\"b\"\"\",SUCCESS,req-t1,'@host",
                ""));
    }

    @Test
    void theCsvExportFollowsTheFilterAndATenantAdminsConfinement() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        tenantAdminA.audit().exportCsv(window(null, "billing.*", null), sink);
        List<String> lines = List.of(sink.toString(StandardCharsets.UTF_8).split("\r\n"));
        assertThat(lines.get(0)).isEqualTo(AuditCsv.HEADER);
        assertThat(lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList())
                .isEqualTo(expected(e -> tenantA.equals(e.tenantId()) && e.action().startsWith("billing.")));
    }

    @Test
    void aLargeExportIsStreamedChunkedWithoutContentLength() throws Exception {
        Request request = new Request.Builder().url(server.baseUrl() + "/api/admin/audit?action=bulk.write")
                .header("Authorization", "Bearer " + identity.admin().token()).header("Accept", "text/csv").build();
        try (Response response = HttpCalls.client().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualToIgnoringCase("text/csv; charset=utf-8");
            assertThat(response.header("Content-Disposition")).matches("attachment; filename=\"audit-\\d{8}T\\d{6}Z\\.csv\"");
            assertThat(response.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
            assertThat(response.header("Content-Length")).isNull();
            String[] lines = response.body().string().split("\r\n");
            assertThat(lines).hasSize(MANY_ROWS + 1);
            assertThat(lines[1]).startsWith(String.format("m-%06d,", MANY_ROWS - 1));
            assertThat(lines[MANY_ROWS]).startsWith("m-000000,");
        }
    }

    @Test
    void anExportIsItselfAudited() {
        admin.audit().exportCsv(new AuditFilter(null, "users.invite", null, TRICKY, TRICKY.plusSeconds(60)),
                new ByteArrayOutputStream());
        AuditPage page = admin.audit().page(new AuditFilter(null, "audit.export", null, null, null), null, 500);
        assertThat(page.items()).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("3 entries");
            assertThat(e.outcome()).isEqualTo("SUCCESS");
        });
    }

    @Test
    void pageGolden() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/audit?limit=2&from=2030-01-01T00:00:00Z&to="
                + "2030-01-01T00:00:04Z&tenantId=" + tenantB, identity.admin().bearer());
        assertThat(answer.status()).isEqualTo(200);
        GoldenFiles.assertMatches("audit-page-200", answer.status(), answer.body().replace(tenantB, "<tenantB>")
                .replace(Objects.requireNonNull(answer.json().at("/data/nextCursor").asText()), "<cursor>"));
    }

    @Test
    void forbiddenGolden() {
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/audit?tenantId=" + tenantB,
                tenantAdminAccount.bearer());
        GoldenFiles.assertMatches("audit-403-other-tenant", answer.status(), answer.body());
    }
}
