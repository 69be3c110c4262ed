package dev.familiar.server.directory.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.config.BillingSettings;
import dev.familiar.server.db.Database;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.directory.Person;
import dev.familiar.server.directory.local.LocalDirectory;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, optional provisioning, through the real server with the local directory: a catalog plan names a group
 * (checked against the directory), the owner of an organisation signing up on it becomes a member once the worker
 * ran, and leaves when the subscription ends, by the admin's "cancel now" or by Stripe's
 * {@code customer.subscription.deleted}; the jobs are listed read-only and audited.
 */
@Tag("storage")
class PlanGroupProvisioningFlowTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Database sameDatabase;
    static Directory directory;
    static String group;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir)
                .withBilling(BillingSettings.dryRun().withUnsignedWebhooksAllowed(true)));
        identity = new Identity(server);
        // The test looks at the server's own directory: the local one, over the same database.
        sameDatabase = Database.open(server.config());
        directory = new LocalDirectory(sameDatabase.dataSource(), Clock.systemUTC());
        group = directory.create("Starter subscribers", Optional.of("Owners on the starter plan")).id();
        Answer put = putStarter("\"directoryGroupId\":\"" + group + "\"");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        sameDatabase.close();
        server.stop();
    }

    static String url(String path) {
        return server.baseUrl() + path;
    }

    /** PUT of the seeded starter plan, with {@code extra} (a JSON member, or empty). */
    static Answer putStarter(String extra) {
        String body = "{\"name\":\"Starter\",\"currency\":\"usd\",\"amount\":900,\"interval\":\"month\",\"trialDays\":14,"
                + "\"tier\":1,\"includedUnits\":{\"api_call\":1000}" + (extra.isEmpty() ? "" : "," + extra) + "}";
        Request.Builder b = new Request.Builder().url(url("/api/admin/catalog/plans/starter"))
                .put(RequestBody.create(body, HttpCalls.JSON));
        identity.admin().bearer().forEach(b::header);
        return HttpCalls.call(b.build());
    }

    static JsonNode starter() {
        for (JsonNode plan : HttpCalls.get(url("/api/admin/catalog/plans"), identity.admin().bearer()).json().path("data")) {
            if (plan.path("code").asText().equals("starter")) {
                return plan;
            }
        }
        throw new AssertionError("no starter plan");
    }

    static String signUp(String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Answer signup = HttpCalls.post(url("/api/signup"), "{\"orgName\":\"" + name + "\",\"email\":\"" + email + "\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        return signup.json().at("/data/orgId").asText() + " " + email;
    }

    static String ownerId(String email) throws DirectoryException {
        return directory.userByEmail(email).map(Person::id).orElseThrow();
    }

    static List<String> members() throws DirectoryException {
        return directory.members(group, null, Directory.MAX_PAGE).items().stream().map(Person::id).toList();
    }

    static List<JsonNode> jobsOf(String orgId) {
        Answer list = HttpCalls.get(url("/api/admin/directory/provisioning?limit=500"), identity.admin().bearer());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        list.json().path("data").forEach(j -> {
            if (j.path("orgId").asText().equals(orgId)) {
                out.add(0, j);
            }
        });
        return out;
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("never happened: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static boolean isMember(String personId) {
        try {
            return members().contains(personId);
        } catch (DirectoryException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> audit(String tenantId) throws SQLException {
        try (Connection c = sameDatabase.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT action, outcome FROM audit_log WHERE tenant_id = ? "
                     + "AND action LIKE 'directory.provisioning.%' ORDER BY created_at")) {
            ps.setString(1, tenantId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            return out;
        }
    }

    @Test
    void theOwnerJoinsThePlansGroupAtSignUpAndLeavesItWhenTheAdminCancels() throws Exception {
        String[] signup = signUp("joiners").split(" ");
        String orgId = signup[0];
        String owner = ownerId(signup[1]);

        until("the owner is a member of the plan's group", () -> isMember(owner));
        assertThat(jobsOf(orgId)).singleElement().satisfies(job -> {
            assertThat(job.path("action").asText()).isEqualTo("ADD");
            assertThat(job.path("status").asText()).isEqualTo("DONE");
            assertThat(job.path("outcome").asText()).isEqualTo("added");
            assertThat(job.path("userId").asText()).isEqualTo(owner);
            assertThat(job.path("groupId").asText()).isEqualTo(group);
            assertThat(job.path("planCode").asText()).isEqualTo("starter");
        });

        Answer cancel = HttpCalls.post(url("/api/admin/billing/" + orgId + "/cancel"), "", identity.admin().bearer());
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);

        until("the owner has left the group", () -> !isMember(owner));
        until("every job of the organisation is done", () -> jobsOf(orgId).stream()
                .allMatch(j -> j.path("status").asText().equals("DONE")));
        List<JsonNode> jobs = jobsOf(orgId);
        assertThat(jobs.get(1).path("action").asText()).isEqualTo("REMOVE");
        assertThat(jobs.get(1).path("outcome").asText()).isEqualTo("removed");
        // The dry-run provider's customer.subscription.deleted may race the cancellation's own write and queue a
        // second REMOVE; it finds nobody to remove, which is done too.
        assertThat(jobs.subList(1, jobs.size())).allSatisfy(j -> assertThat(j.path("action").asText()).isEqualTo("REMOVE"));
        assertThat(audit(orgId)).startsWith("directory.provisioning.add SUCCESS", "directory.provisioning.remove SUCCESS");
    }

    @Test
    void stripesSubscriptionDeletedRemovesTheOwner() throws Exception {
        String[] signup = signUp("stripe-ended").split(" ");
        String orgId = signup[0];
        String owner = ownerId(signup[1]);
        until("the owner is a member of the plan's group", () -> isMember(owner));

        long now = Instant.now().getEpochSecond() + 60;
        String subscription = "{\"id\":\"sub_ended_" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"object\":\"subscription\",\"customer\":\"cus_ended\",\"status\":\"canceled\","
                + "\"metadata\":{\"org_id\":\"" + orgId + "\"},\"items\":{\"object\":\"list\",\"data\":[{\"id\":\"si_1\","
                + "\"price\":{\"id\":\"price_dryrun_starter\"},\"current_period_start\":" + now
                + ",\"current_period_end\":" + (now + 2_592_000) + "}]}}";
        String event = "{\"id\":\"evt_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\","
                + "\"created\":" + now + ",\"type\":\"customer.subscription.deleted\",\"livemode\":false,"
                + "\"data\":{\"object\":" + subscription + "}}";
        Answer accepted = HttpCalls.call(new Request.Builder().url(url("/api/webhooks/stripe"))
                .post(RequestBody.create(event, HttpCalls.JSON)).build());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        until("the owner has left the group", () -> !isMember(owner));
        assertThat(jobsOf(orgId)).extracting(j -> j.path("action").asText() + " " + j.path("status").asText())
                .containsExactly("ADD DONE", "REMOVE DONE");
        Answer done = HttpCalls.get(url("/api/admin/directory/provisioning?status=DONE&limit=1"),
                identity.admin().bearer());
        GoldenFiles.assertMatches("directory-provisioning-list-200", done.status(), done.body()
                .replace(group, "<group>").replace(signup[1], "<email>")
                .replaceAll("\"nextAttemptAt\":\"[^\"]+\"", "\"nextAttemptAt\":\"<time>\""));
    }

    @Test
    void aPlanKeepsItsGroupWhenAPutLeavesItOutAndLosesItWithAnEmptyString() throws Exception {
        String other = directory.create("Temporary", Optional.empty()).id();
        try {
            Answer set = putStarter("\"directoryGroupId\":\"" + other + "\"");
            assertThat(set.json().at("/data/directoryGroupId").asText()).isEqualTo(other);
            Answer kept = putStarter("");
            assertThat(kept.status()).as(kept.body()).isEqualTo(200);
            assertThat(kept.json().at("/data/directoryGroupId").asText()).as("left out: kept").isEqualTo(other);
            Answer cleared = putStarter("\"directoryGroupId\":\"\"");
            assertThat(cleared.json().at("/data/directoryGroupId").isNull()).as(cleared.body()).isTrue();
            assertThat(starter().path("directoryGroupId").isNull()).isTrue();
        } finally {
            assertThat(putStarter("\"directoryGroupId\":\"" + group + "\"").status()).isEqualTo(200);
        }
        assertThat(starter().path("directoryGroupId").asText()).isEqualTo(group);
    }

    @Test
    void aGroupTheDirectoryDoesNotHaveOrAMalformedIdIsRefusedAndChangesNothing() {
        Answer unknown = putStarter("\"directoryGroupId\":\"" + UUID.randomUUID() + "\"");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().at("/error/details/fields/directoryGroupId").asText())
                .isEqualTo("is not a group of the local directory");
        GoldenFiles.assertMatches("catalog-plan-put-unknown-group-400", unknown.status(), unknown.body());
        Answer malformed = putStarter("\"directoryGroupId\":\"<script>\"");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().at("/error/details/fields/directoryGroupId").asText()).startsWith("must be the id of a");
        assertThat(putStarter("\"directoryGroupId\":\"" + "a".repeat(256) + "\"").status()).isEqualTo(400);
        assertThat(starter().path("directoryGroupId").asText()).isEqualTo(group);
    }

    @Test
    void theJobListRefusesAnUnknownStatusAndIsForAdminsOnly() {
        Answer bad = HttpCalls.get(url("/api/admin/directory/provisioning?status=LOST"), identity.admin().bearer());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/fields/status").asText()).isEqualTo("must be PENDING, DONE or FAILED");
        assertThat(HttpCalls.get(url("/api/admin/directory/provisioning?limit=0"), identity.admin().bearer()).status())
                .isEqualTo(400);
        assertThat(HttpCalls.get(url("/api/admin/directory/provisioning"), identity.register("prov-user").bearer())
                .status()).isEqualTo(403);
    }
}
