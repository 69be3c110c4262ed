package dev.familiar.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, "sign-up creates its owner": the person who signs an organisation up gets its owner account (their
 * email, TENANT_ADMIN of the organisation's tenant) and a one-time invitation code; after accepting it they preview,
 * upgrade, downgrade, set up a payment method and open the portal of their own organisation (dry-run billing), and
 * nothing of another organisation.
 */
@Tag("storage")
class SignedUpOwnerTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final String PASSWORD = "owner-chosen-password-1";
    @TempDir
    static Path tempDir;
    static final MutableClock clock = new MutableClock(START);
    static FamiliarServer server;
    static Identity identity;
    static FamiliarClient anonymous;

    @BeforeAll
    static void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        identity = new Identity(server);
        anonymous = FamiliarClient.connect(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        anonymous.close();
        server.stop();
    }

    static String url(String path) {
        return server.baseUrl() + path;
    }

    static JsonNode signUp(String orgName, String email) {
        Answer signup = HttpCalls.post(url("/api/signup"), "{\"orgName\":\"" + orgName + "\",\"email\":\"" + email + "\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        return signup.json().path("data");
    }

    static JsonNode billingState(String orgId) {
        return HttpCalls.get(url("/api/admin/billing/" + orgId), identity.admin().bearer()).json().path("data");
    }

    static void eventsApplied() {
        Eventually.until("the billing events are applied", () -> HttpCalls.get(url("/api/admin/webhooks/events?status=PENDING"),
                identity.admin().bearer()).json().path("data").isEmpty());
    }

    @Test
    void aSignedUpOwnerCompletesTheInvitationAndManagesTheirOwnPlan() {
        JsonNode signup = signUp("Owner Co", "Founder@Owner.example");
        String orgId = signup.path("orgId").asText();
        String code = signup.path("ownerInvitationCode").asText();
        assertThat(code).startsWith("fami_");
        assertThat(Instant.parse(signup.path("ownerInvitationCodeExpiresAt").asText()))
                .isEqualTo(START.plus(Duration.ofHours(168)));
        ApiError notYet = refusal(() -> anonymous.login("founder@owner.example", PASSWORD));
        assertThat(notYet.status()).as("the owner cannot log in before accepting").isEqualTo(401);
        eventsApplied();

        LoginResponse owner = anonymous.account().acceptInvitation(code, PASSWORD);

        assertThat(owner.username()).isEqualTo("founder@owner.example");
        assertThat(owner.roles()).containsExactly("TENANT_ADMIN");
        assertThat(Identity.tenantOf(owner.token())).as("the organisation is the owner's tenant").isEqualTo(orgId);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + owner.token());

        Answer preview = HttpCalls.post(url("/api/plans/preview"), "{\"orgId\":\"" + orgId + "\",\"planCode\":\"pro\"}", bearer);
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().at("/data/currency").asText()).isEqualTo("usd");

        Answer upgrade = HttpCalls.post(url("/api/plans/upgrade"), "{\"orgId\":\"" + orgId + "\",\"newPlanCode\":\"pro\"}", bearer);
        assertThat(upgrade.status()).as(upgrade.body()).isEqualTo(200);
        assertThat(upgrade.json().at("/data/planCode").asText()).isEqualTo("pro");
        eventsApplied();
        assertThat(billingState(orgId).path("planCode").asText()).isEqualTo("pro");

        Answer downgrade = HttpCalls.post(url("/api/plans/downgrade"), "{\"orgId\":\"" + orgId + "\",\"newPlanCode\":\"starter\"}",
                bearer);
        assertThat(downgrade.status()).as(downgrade.body()).isEqualTo(200);
        assertThat(downgrade.json().at("/data/newPlanCode").asText()).isEqualTo("starter");
        assertThat(billingState(orgId).path("scheduledPlanCode").asText()).isEqualTo("starter");

        Answer setup = HttpCalls.post(url("/api/payments/setup"), "", bearer);
        assertThat(setup.status()).as(setup.body()).isEqualTo(200);
        assertThat(setup.json().at("/data/clientSecret").asText()).isNotBlank();
        Answer portal = HttpCalls.post(url("/api/payments/portal"), "", bearer);
        assertThat(portal.status()).as(portal.body()).isEqualTo(200);
        assertThat(portal.json().at("/data/url").asText()).startsWith("https://");
        Answer invoices = HttpCalls.get(url("/api/invoices"), bearer);
        assertThat(invoices.status()).isEqualTo(200);
        assertThat(invoices.json().at("/data/items")).isNotEmpty();
    }

    @Test
    void theOwnerReachesNoOtherOrganisation() {
        JsonNode mine = signUp("Mine Co", "me@mine.example");
        String theirs = signUp("Theirs Co", "them@theirs.example").path("orgId").asText();
        LoginResponse owner = anonymous.account().acceptInvitation(mine.path("ownerInvitationCode").asText(), PASSWORD);
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + owner.token());

        Answer upgrade = HttpCalls.post(url("/api/plans/upgrade"), "{\"orgId\":\"" + theirs + "\",\"newPlanCode\":\"pro\"}", bearer);
        Answer preview = HttpCalls.post(url("/api/plans/preview"), "{\"orgId\":\"" + theirs + "\",\"planCode\":\"pro\"}", bearer);

        assertThat(upgrade.status()).isEqualTo(403);
        assertThat(preview.status()).isEqualTo(403);
        assertThat(billingState(theirs).path("planCode").asText()).isEqualTo("starter");
    }

    @Test
    void anEmailThatAlreadyNamesAnAccountIs409AndCreatesNoOrganisation() throws Exception {
        identity.register("already-here");
        long tenants = count("tenant");
        long users = count("app_user");

        Answer signup = HttpCalls.post(url("/api/signup"), "{\"orgName\":\"Dup Co\",\"email\":\"already-here@example.com\"}");

        assertThat(signup.status()).as(signup.body()).isEqualTo(409);
        assertThat(signup.json().at("/error/code").asText()).isEqualTo("CONFLICT");
        assertThat(count("tenant")).isEqualTo(tenants);
        assertThat(count("app_user")).isEqualTo(users);
    }

    @Test
    void theOwnerAndTheirCodeAreWrittenWithTheOrganisation() throws Exception {
        JsonNode signup = signUp("Audit Co", "audit@owner.example");
        String orgId = signup.path("orgId").asText();

        try (Connection c = identity.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT u.tenant_id, u.roles, u.password_hash, "
                     + "(SELECT COUNT(*) FROM user_code k WHERE k.user_id = u.id AND k.kind = 'INVITATION') AS codes, "
                     + "(SELECT COUNT(*) FROM audit_log a WHERE a.target = u.id AND a.action = 'user.invite' "
                     + "AND a.actor = 'signup') AS audited FROM app_user u WHERE u.username = 'audit@owner.example'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("tenant_id")).isEqualTo(orgId);
            assertThat(rs.getString("roles")).isEqualTo("TENANT_ADMIN");
            assertThat(rs.getString("password_hash")).isEqualTo("!invited");
            assertThat(rs.getLong("codes")).isEqualTo(1);
            assertThat(rs.getLong("audited")).isEqualTo(1);
        }
    }

    static long count(String table) throws Exception {
        try (Connection c = identity.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static ApiError refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError");
    }
}
