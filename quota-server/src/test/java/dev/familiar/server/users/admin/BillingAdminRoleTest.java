package dev.familiar.server.users.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BILLING_ADMIN is granted like PROMPT_ENGINEER: through the user admin API and invitations by an ADMIN only; once
 * granted, the subscription lifecycle routes let the account in, and before that they refuse it.
 */
class BillingAdminRoleTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static UserFixture fixture;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        fixture = new UserFixture(server);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void anAdminGrantsBillingAdminAndTheLifecycleThenLetsTheAccountIn() throws Exception {
        var signup = HttpCalls.post(server.baseUrl() + "/api/signup",
                "{\"orgName\":\"Billed Org\",\"email\":\"owner@billed.example.com\"}");
        assertThat(signup.status()).as(signup.body()).isEqualTo(200);
        String orgId = signup.json().at("/data/orgId").asText();
        Identity.Account owner = fixture.tenantOwner("ba-owner");
        String userId = fixture.create("ba-clerk", owner.tenantId());
        Identity.Account clerk = fixture.identity.login("ba-clerk", Identity.PASSWORD);
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, clerk.bearer()).status())
                .isEqualTo(403);

        UserView granted = fixture.client(fixture.identity.admin()).users()
                .update(userId, UserUpdate.roles(List.of("USER", "BILLING_ADMIN")));

        assertThat(granted.roles()).containsExactlyInAnyOrder("USER", "BILLING_ADMIN");
        Identity.Account again = fixture.identity.login("ba-clerk", Identity.PASSWORD);
        assertThat(HttpCalls.get(server.baseUrl() + "/api/admin/billing/" + orgId, again.bearer()).status())
                .isEqualTo(200);
    }

    @Test
    void aTenantAdminMayNeitherGrantNorRemoveBillingAdminNorInviteOne() throws Exception {
        Identity.Account owner = fixture.tenantOwner("ba-tenant-owner");
        Identity.Account tenantAdmin = fixture.login("ba-tenant-admin", owner.tenantId(), Role.TENANT_ADMIN);
        String plain = fixture.create("ba-plain", owner.tenantId());
        String billing = fixture.create("ba-billing", owner.tenantId(), Role.USER, Role.BILLING_ADMIN);
        var users = fixture.client(tenantAdmin).users();

        assertThatThrownBy(() -> users.update(plain, UserUpdate.roles(List.of("USER", "BILLING_ADMIN"))))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> users.update(billing, UserUpdate.roles(List.of("USER"))))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> users.invite("ba-new@example.com", null, List.of("BILLING_ADMIN")))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(403));

        assertThat(fixture.client(fixture.identity.admin()).users().get(billing).roles())
                .containsExactlyInAnyOrder("USER", "BILLING_ADMIN");
        assertThat(users.update(billing, UserUpdate.roles(List.of("USER", "BILLING_ADMIN", "TENANT_ADMIN"))).roles())
                .containsExactlyInAnyOrder("USER", "BILLING_ADMIN", "TENANT_ADMIN");
        assertThat(fixture.client(fixture.identity.admin()).users()
                .invite("ba-invited@example.com", owner.tenantId(), List.of("USER", "BILLING_ADMIN")))
                .as("an ADMIN may invite one").isNotNull();
    }
}
