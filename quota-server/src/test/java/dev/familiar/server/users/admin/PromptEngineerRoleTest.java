package dev.familiar.server.users.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import dev.familiar.server.FamiliarServer;
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
 * PROMPT_ENGINEER is granted through the user admin API and invitations by an ADMIN only; once granted, the Prompt
 * Lab's routes let the account in, and before that they refuse it.
 */
class PromptEngineerRoleTest {
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
    void anAdminGrantsPromptEngineerAndTheLabThenLetsTheAccountIn() throws Exception {
        Identity.Account owner = fixture.tenantOwner("pe-owner");
        String userId = fixture.create("pe-writer", owner.tenantId());
        Identity.Account writer = fixture.identity.login("pe-writer", Identity.PASSWORD);
        assertThatThrownBy(() -> fixture.client(writer).promptLab().budgets())
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(403));

        UserView granted = fixture.client(fixture.identity.admin()).users()
                .update(userId, UserUpdate.roles(List.of("USER", "PROMPT_ENGINEER")));

        assertThat(granted.roles()).containsExactlyInAnyOrder("USER", "PROMPT_ENGINEER");
        Identity.Account again = fixture.identity.login("pe-writer", Identity.PASSWORD);
        assertThat(fixture.client(again).promptLab().budgets().items()).isNotNull();
    }

    @Test
    void aTenantAdminMayNeitherGrantNorRemovePromptEngineerNorInviteOne() throws Exception {
        Identity.Account owner = fixture.tenantOwner("pe-tenant-owner");
        Identity.Account tenantAdmin = fixture.login("pe-tenant-admin", owner.tenantId(), Role.TENANT_ADMIN);
        String plain = fixture.create("pe-plain", owner.tenantId());
        String engineer = fixture.create("pe-engineer", owner.tenantId(), Role.USER, Role.PROMPT_ENGINEER);
        var users = fixture.client(tenantAdmin).users();

        assertThatThrownBy(() -> users.update(plain, UserUpdate.roles(List.of("USER", "PROMPT_ENGINEER"))))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> users.update(engineer, UserUpdate.roles(List.of("USER"))))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> users.invite("pe-new@example.com", null, List.of("PROMPT_ENGINEER")))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(403));

        assertThat(fixture.client(fixture.identity.admin()).users().get(engineer).roles())
                .containsExactlyInAnyOrder("USER", "PROMPT_ENGINEER");
        assertThat(users.update(engineer, UserUpdate.roles(List.of("USER", "PROMPT_ENGINEER", "TENANT_ADMIN"))).roles())
                .containsExactlyInAnyOrder("USER", "PROMPT_ENGINEER", "TENANT_ADMIN");
    }
}
