package dev.familiar.server.users.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.PasswordResetIssued;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a one-time password-reset code, issued by an ADMIN (anyone) or a TENANT_ADMIN (their tenant's users, not
 * ADMINs), accepted through the invitation route; the old password works until then, a newer code replaces older
 * ones, and a code expires after FAMILIAR_PASSWORD_RESET_TTL_MINUTES on the server's clock.
 */
@Tag("storage")
class PasswordResetTest {
    static final String NEW_PASSWORD = "reset-to-this-password-1";
    @TempDir
    static Path tempDir;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
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

    static FamiliarClient as(Account account) {
        return anonymous.withBearer(account.token());
    }

    static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ApiError refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError");
    }

    @Test
    void theOldPasswordWorksUntilTheResetCodeIsAcceptedThenOnlyTheNewOne() {
        Account user = identity.register(name("forgetful"));
        PasswordResetIssued reset;
        try (FamiliarClient admin = as(identity.admin())) {
            reset = admin.users().passwordReset(user.userId());
        }
        assertThat(reset.code()).startsWith("famp_");
        assertThat(reset.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(60)));
        assertThat(anonymous.login(user.username(), Identity.PASSWORD).userId()).isEqualTo(user.userId());

        assertThat(anonymous.account().acceptInvitation(reset.code(), NEW_PASSWORD).userId()).isEqualTo(user.userId());

        assertThat(refusal(() -> anonymous.login(user.username(), Identity.PASSWORD)).status()).isEqualTo(401);
        assertThat(anonymous.login(user.username(), NEW_PASSWORD).userId()).isEqualTo(user.userId());
    }

    @Test
    void aLockedAccountsResetCodeSetsThePasswordButOpensNoSessionUntilUnlocked() {
        Account user = identity.register(name("locked-reset"));
        PasswordResetIssued reset;
        try (FamiliarClient admin = as(identity.admin())) {
            admin.users().lock(user.userId());
            reset = admin.users().passwordReset(user.userId());
        }

        ApiError locked = refusal(() -> anonymous.account().acceptInvitation(reset.code(), NEW_PASSWORD));

        assertThat(locked.status()).isEqualTo(403);
        assertThat(locked.getMessage()).contains("locked");
        try (FamiliarClient admin = as(identity.admin())) {
            admin.users().unlock(user.userId());
        }
        assertThat(anonymous.login(user.username(), NEW_PASSWORD).userId()).isEqualTo(user.userId());
    }

    @Test
    void aNewerCodeReplacesTheUnusedOlderOne() {
        Account user = identity.register(name("twice-reset"));
        PasswordResetIssued first;
        PasswordResetIssued second;
        try (FamiliarClient admin = as(identity.admin())) {
            first = admin.users().passwordReset(user.userId());
            second = admin.users().passwordReset(user.userId());
        }

        ApiError replaced = refusal(() -> anonymous.account().acceptInvitation(first.code(), NEW_PASSWORD));

        assertThat(replaced.status()).isEqualTo(400);
        assertThat(replaced.getMessage()).isEqualTo("The code has been replaced by a newer code; use the newest one");
        assertThat(anonymous.account().acceptInvitation(second.code(), NEW_PASSWORD).userId()).isEqualTo(user.userId());
    }

    @Test
    void aResetCodeExpiresAfterAnHourOnTheServersClock() {
        Account user = identity.register(name("slow"));
        PasswordResetIssued reset;
        try (FamiliarClient admin = as(identity.admin())) {
            reset = admin.users().passwordReset(user.userId());
        }
        clock.advance(Duration.ofMinutes(60));

        ApiError expired = refusal(() -> anonymous.account().acceptInvitation(reset.code(), NEW_PASSWORD));

        assertThat(expired.getMessage()).isEqualTo("The code has expired; ask for a new one");
        assertThat(anonymous.login(user.username(), Identity.PASSWORD).userId()).as("nothing changed")
                .isEqualTo(user.userId());
    }

    @Test
    void aTenantAdminResetsTheirTenantsUsersButNotOthersNorAnAdmin() throws Exception {
        Account member = identity.register(name("member"));
        Account tenantAdmin = identity.userInTenant(name("ta"), member.tenantId(), Role.TENANT_ADMIN);
        Account outsider = identity.register(name("outsider"));
        Account platformTenantAdmin = identity.userInTenant(name("pta"), identity.admin().tenantId(), Role.TENANT_ADMIN);
        try (FamiliarClient ta = as(tenantAdmin); FamiliarClient pta = as(platformTenantAdmin)) {
            assertThat(ta.users().passwordReset(member.userId()).code()).startsWith("famp_");

            ApiError otherTenant = refusal(() -> ta.users().passwordReset(outsider.userId()));
            ApiError anAdmin = refusal(() -> pta.users().passwordReset(identity.admin().userId()));

            assertThat(otherTenant.status()).as("another tenant's user is not revealed").isEqualTo(404);
            assertThat(anAdmin.status()).isEqualTo(403);
            assertThat(anAdmin.getMessage()).contains("ADMIN's password");
        }
    }

    @Test
    void theResetAnswersTheDocumentedShapeAndIsAudited() throws Exception {
        Account user = identity.register(name("shape-reset"));
        Answer answer = HttpCalls.post(server.baseUrl() + "/api/admin/users/" + user.userId() + "/password-reset", "",
                identity.admin().bearer());

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String code = answer.json().at("/data/code").asText();
        GoldenFiles.assertMatches("users-password-reset-201", answer.status(), answer.body().replace(code, "<code>"));
        assertThat(InvitationFlowTest.count(identity, "SELECT COUNT(*) FROM audit_log WHERE action = "
                + "'user.password_reset.issue' AND target = ?", user.userId())).isEqualTo(1);
        Answer unknown = HttpCalls.post(server.baseUrl() + "/api/admin/users/" + UUID.randomUUID() + "/password-reset", "",
                identity.admin().bearer());
        assertThat(unknown.status()).isEqualTo(404);
    }
}
