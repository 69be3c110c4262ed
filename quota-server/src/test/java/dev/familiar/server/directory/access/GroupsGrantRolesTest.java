package dev.familiar.server.directory.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.directory.RoleMapping;
import dev.familiar.model.directory.RoleMappings;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.admin.AdminBootstrap;
import dev.familiar.server.directory.Directory;
import dev.familiar.server.directory.local.LocalDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test, through the API of a real server on the local directory: a member of "Prompt Engineers" (mapped
 * to PROMPT_ENGINEER) but not of "Billing Admins" (mapped to BILLING_ADMIN) runs the Prompt Lab and is refused a
 * cancellation; once added to "Billing Admins", the next sign-in may cancel (the token in hand still may not: roles
 * are fixed in a token until the next sign-in).
 */
@Tag("storage")
class GroupsGrantRolesTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Identity identity;
    static Account admin;
    static Directory directory;
    static String engineers;
    static String billingAdmins;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        identity = new Identity(server);
        admin = identity.admin();
        // the group routes are another helper's; the groups are made through the port, the mappings through the API
        directory = new LocalDirectory(identity.dataSource(), Clock.systemUTC());
        engineers = directory.create("Prompt Engineers", Optional.empty()).id();
        billingAdmins = directory.create("Billing Admins", Optional.empty()).id();
        try (FamiliarClient client = FamiliarClient.connect(server.baseUrl()).withBearer(admin.token())) {
            RoleMappings stored = client.directory().replaceRoleMappings(new RoleMappings(List.of(
                    new RoleMapping(engineers, null, "PROMPT_ENGINEER"),
                    new RoleMapping(billingAdmins, null, "BILLING_ADMIN"))));
            assertThat(stored.items()).extracting(RoleMapping::groupDisplayName)
                    .containsExactlyInAnyOrder("Prompt Engineers", "Billing Admins");
        }
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void aPromptEngineerByGroupRunsTheLabIsRefusedACancellationAndMayCancelOnceInBillingAdmins() throws Exception {
        String orgId = subscribedOrganisation();
        Account pat = identity.userInTenant("pat-by-group", AdminBootstrap.PLATFORM_TENANT_ID);
        assertThat(lab(pat).status()).as("no group yet").isEqualTo(403);
        directory.addMembers(engineers, List.of(pat.userId()));

        Account engineer = identity.login("pat-by-group", Identity.PASSWORD);

        Answer lab = lab(engineer);
        assertThat(lab.status()).as(lab.body()).isNotIn(401, 403).isEqualTo(200);
        Answer refused = cancel(engineer, orgId);
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);

        directory.addMembers(billingAdmins, List.of(pat.userId()));
        assertThat(cancel(engineer, orgId).status()).as("the token in hand keeps its roles").isEqualTo(403);
        Account again = identity.login("pat-by-group", Identity.PASSWORD);

        Answer cancelled = cancel(again, orgId);
        assertThat(cancelled.status()).as(cancelled.body()).isNotIn(401, 403).isEqualTo(200);
        assertThat(cancelled.json().at("/data/subscriptionStatus").asText()).isEqualTo("canceled");
        assertThat(lab(again).status()).isEqualTo(200);
    }

    @Test
    void theLoginAnswerNamesTheRolesTheGroupsGrant() throws Exception {
        Account sam = identity.userInTenant("sam-by-group", AdminBootstrap.PLATFORM_TENANT_ID);
        directory.addMembers(engineers, List.of(sam.userId()));

        Answer login = HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"sam-by-group\",\"password\":\"" + Identity.PASSWORD + "\"}");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("roles").toString()).isEqualTo("[\"PROMPT_ENGINEER\",\"USER\"]");
    }

    static Answer lab(Account account) {
        return HttpCalls.get(server.baseUrl() + "/api/admin/prompt-lab/budgets", account.bearer());
    }

    static Answer cancel(Account account, String orgId) {
        return HttpCalls.post(server.baseUrl() + "/api/admin/billing/" + orgId + "/cancel", "", account.bearer());
    }

    /** A dry-run sign-up whose trial subscription has been applied (the billing worker applies it soon after). */
    static String subscribedOrganisation() throws InterruptedException {
        Answer signup = HttpCalls.post(server.baseUrl() + "/api/signup",
                "{\"orgName\":\"Grouped Org\",\"email\":\"owner@grouped.example.com\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        String orgId = signup.json().at("/data/orgId").asText();
        for (int i = 0; i < 300; i++) {
            Answer state = HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, admin.bearer());
            if ("trialing".equals(state.json().at("/data/subscriptionStatus").asText())) {
                return orgId;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the sign-up's subscription was not applied");
    }
}
