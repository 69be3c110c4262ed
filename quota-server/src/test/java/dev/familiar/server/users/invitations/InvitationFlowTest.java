package dev.familiar.server.users.invitations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.InvitationIssued;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.admin.AdminBootstrap;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.SecretTokens;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, user accounts: an invitation creates an account that cannot log in until its one-time code is accepted
 * with a password; the acceptance answers like a login; a code works once (also when raced) and until its TTL on the
 * server's clock; an unknown code learns nothing. Called through the typed client ({@code client.users()},
 * {@code client.account()}), so the contract is exercised from both sides.
 */
@Tag("storage")
class InvitationFlowTest {
    static final String NEW_PASSWORD = "a-brand-new-password-7";
    @TempDir
    static Path tempDir;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T09:00:00Z"));
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

    /** A client of the administrator with a fresh token (the clock moves in some tests). */
    static FamiliarClient admin() {
        return anonymous.withBearer(identity.admin().token());
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@Invited.Example";
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
    void anInvitedUserCannotLogInUntilTheCodeIsAcceptedThenIsLoggedInByTheAcceptance() {
        String email = email("Invitee");
        InvitationIssued invited;
        try (FamiliarClient admin = admin()) {
            invited = admin.users().invite(email, null, List.of("USER"));
        }
        assertThat(invited.code()).startsWith("fami_").hasSize(45);
        assertThat(invited.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(168)));
        ApiError before = refusal(() -> anonymous.login(email, NEW_PASSWORD));
        assertThat(before.status()).as("no password yet").isEqualTo(401);

        LoginResponse accepted = anonymous.account().acceptInvitation(invited.code(), NEW_PASSWORD);

        assertThat(accepted.userId()).isEqualTo(invited.userId());
        assertThat(accepted.username()).isEqualTo(email.toLowerCase());
        assertThat(accepted.roles()).containsExactly("USER");
        assertThat(accepted.mustChangePassword()).isFalse();
        assertThat(Identity.tenantOf(accepted.token())).isEqualTo(AdminBootstrap.PLATFORM_TENANT_ID);
        Answer keys = HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys?userId=" + accepted.userId(),
                Map.of("Authorization", "Bearer " + accepted.token()));
        assertThat(keys.status()).as("the acceptance's token works").isEqualTo(200);
        LoginResponse login = anonymous.login(email, NEW_PASSWORD);
        assertThat(login.userId()).isEqualTo(invited.userId());
    }

    @Test
    void theInvitationAndTheAcceptanceAnswerTheDocumentedShapes() {
        Account admin = identity.admin();
        String email = email("shape");
        Answer invited = HttpCalls.post(server.baseUrl() + "/api/admin/users/invitations",
                "{\"email\":\"" + email + "\",\"roles\":[\"USER\"]}", admin.bearer());
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        String code = invited.json().at("/data/code").asText();
        GoldenFiles.assertMatches("users-invite-201", invited.status(), invited.body().replace(code, "<code>"));

        Answer accepted = HttpCalls.post(server.baseUrl() + "/api/v1/auth/invitations/accept",
                "{\"code\":\"" + code + "\",\"password\":\"" + NEW_PASSWORD + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        String token = accepted.json().path("token").asText();
        GoldenFiles.assertMatches("auth-invitation-accept-200", accepted.status(),
                accepted.body().replace(token, "<token>").replace(email.toLowerCase(), "<email>"));
        Answer login = HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"" + email + "\",\"password\":\"" + NEW_PASSWORD + "\"}");
        assertThat(login.json().fieldNames()).toIterable()
                .as("the acceptance answers exactly the login's fields")
                .containsExactlyInAnyOrderElementsOf(() -> accepted.json().fieldNames());

        Answer again = HttpCalls.post(server.baseUrl() + "/api/v1/auth/invitations/accept",
                "{\"code\":\"" + code + "\",\"password\":\"" + NEW_PASSWORD + "\"}");
        assertThat(again.json().has("ok")).as("the 002 family's plain body").isFalse();
        GoldenFiles.assertMatches("auth-invitation-accept-400-used", again.status(), again.body());
    }

    @Test
    void aSecondAcceptanceOfTheSameCodeIsRefusedAndKeepsTheFirstPassword() {
        InvitationIssued invited;
        String email = email("twice");
        try (FamiliarClient admin = admin()) {
            invited = admin.users().invite(email, null, List.of("USER"));
        }
        anonymous.account().acceptInvitation(invited.code(), NEW_PASSWORD);

        ApiError second = refusal(() -> anonymous.account().acceptInvitation(invited.code(), "another-password-99"));

        assertThat(second.status()).isEqualTo(400);
        assertThat(second.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(second.getMessage()).contains("already been used");
        assertThat(second.details().get("fields")).isEqualTo(Map.of("code",
                "has already been used; log in with your password, or ask for a password reset"));
        assertThat(anonymous.login(email, NEW_PASSWORD).userId()).isEqualTo(invited.userId());
        assertThat(refusal(() -> anonymous.login(email, "another-password-99")).status()).isEqualTo(401);
    }

    @Test
    void unknownCodesAllGetTheSameMessageWhateverTheirShape() {
        List<String> messages = new ArrayList<>();
        for (String code : List.of("fami_" + "A".repeat(40), "famp_" + "b".repeat(40), "not-a-code", "fama_" + "c".repeat(40))) {
            ApiError e = refusal(() -> anonymous.account().acceptInvitation(code, NEW_PASSWORD));
            assertThat(e.status()).isEqualTo(400);
            messages.add(e.getMessage() + " " + e.details());
        }

        assertThat(messages).containsOnly("The code is not a valid code {fields={code=is not a valid code}}");
    }

    @Test
    void anInvitationExpiresAfterItsTtlOnTheServersClock() {
        InvitationIssued early;
        InvitationIssued late;
        try (FamiliarClient admin = admin()) {
            early = admin.users().invite(email("ttl-a"), null, List.of("USER"));
            late = admin.users().invite(email("ttl-b"), null, List.of("USER"));
        }
        clock.advance(Duration.ofHours(168).minusSeconds(1));
        anonymous.account().acceptInvitation(early.code(), NEW_PASSWORD); // one second before the end: still valid

        clock.advance(Duration.ofSeconds(1));
        ApiError expired = refusal(() -> anonymous.account().acceptInvitation(late.code(), NEW_PASSWORD));

        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.getMessage()).isEqualTo("The code has expired; ask for a new one");
    }

    @Test
    void eightConcurrentAcceptancesOfOneCodeLetExactlyOneSetThePassword() throws Exception {
        String email = email("raced");
        InvitationIssued invited;
        try (FamiliarClient admin = admin()) {
            invited = admin.users().invite(email, null, List.of("USER"));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String password = "raced-password-number-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        anonymous.account().acceptInvitation(invited.code(), password);
                        return "won:" + password;
                    } catch (ApiError e) {
                        return e.status() + ":" + e.getMessage();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            List<String> won = outcomes.stream().filter(o -> o.startsWith("won:")).toList();
            assertThat(won).as(outcomes.toString()).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.startsWith("won:")))
                    .allSatisfy(o -> assertThat(o).startsWith("400:The code has already been used"));
            String winner = won.get(0).substring("won:".length());
            assertThat(anonymous.login(email, winner).userId()).isEqualTo(invited.userId());
            // a few of the losers' passwords (more would trip the login throttle of the account)
            for (int i = 0; i < 3; i++) {
                String loser = "raced-password-number-" + i;
                if (!loser.equals(winner)) {
                    assertThat(refusal(() -> anonymous.login(email, loser)).status()).isEqualTo(401);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.invitation.accept' AND outcome = 'SUCCESS' "
                + "AND target = ?", invited.userId())).isEqualTo(1);
    }

    @Test
    void aTenantAdminInvitesOnlyIntoTheirOwnTenantAndNeverAsAdmin() throws Exception {
        Account owner = identity.register("inv-owner-" + UUID.randomUUID().toString().substring(0, 6));
        Account tenantAdmin = identity.userInTenant("inv-ta-" + UUID.randomUUID().toString().substring(0, 6),
                owner.tenantId(), Role.TENANT_ADMIN);
        Account other = identity.register("inv-other-" + UUID.randomUUID().toString().substring(0, 6));
        try (FamiliarClient client = anonymous.withBearer(tenantAdmin.token())) {
            InvitationIssued ownTenant = client.users().invite(email("member"), null, List.of("USER", "TENANT_ADMIN"));
            LoginResponse member = anonymous.account().acceptInvitation(ownTenant.code(), NEW_PASSWORD);
            assertThat(Identity.tenantOf(member.token())).isEqualTo(owner.tenantId());
            assertThat(member.roles()).containsExactly("TENANT_ADMIN", "USER");

            ApiError otherTenant = refusal(() -> client.users().invite(email("x"), other.tenantId(), List.of("USER")));
            ApiError asAdmin = refusal(() -> client.users().invite(email("y"), null, List.of("ADMIN")));

            assertThat(otherTenant.status()).isEqualTo(403);
            assertThat(asAdmin.status()).isEqualTo(403);
            assertThat(asAdmin.getMessage()).contains("ADMIN role");
        }
        try (FamiliarClient admin = admin()) {
            InvitationIssued intoOther = admin.users().invite(email("placed"), other.tenantId(), List.of("USER"));
            assertThat(Identity.tenantOf(anonymous.account().acceptInvitation(intoOther.code(), NEW_PASSWORD).token()))
                    .as("an ADMIN invites into any tenant").isEqualTo(other.tenantId());
        }
    }

    @Test
    void aTakenEmailIs409AndAnUnknownTenantIs404NamingTenantId() {
        String email = email("taken");
        try (FamiliarClient admin = admin()) {
            admin.users().invite(email, null, List.of("USER"));
            ApiError taken = refusal(() -> admin.users().invite(email.toUpperCase(), null, List.of("USER")));
            ApiError registered = refusal(() -> admin.users().invite(identity.register("inv-reg-"
                    + UUID.randomUUID().toString().substring(0, 6)).username() + "@example.com", null, List.of("USER")));
            ApiError unknown = refusal(() -> admin.users().invite(email("t"), UUID.randomUUID().toString(), List.of("USER")));

            assertThat(taken.status()).isEqualTo(409);
            assertThat(taken.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(registered.status()).isEqualTo(409);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.details().get("fields")).isEqualTo(Map.of("tenantId", "names no tenant"));
        }
    }

    @Test
    void theInvitationIsAudited() throws Exception {
        InvitationIssued invited;
        try (FamiliarClient admin = admin()) {
            invited = admin.users().invite(email("audited"), null, List.of("USER"));
        }
        assertThat(count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.invite' AND target = ?", invited.userId()))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM user_code WHERE user_id = ? AND code_hash = ?", invited.userId(),
                SecretTokens.sha256(invited.code()))).as("only the hash is stored").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM audit_log WHERE target LIKE 'fam%' OR actor LIKE 'fam%'"))
                .as("no code in the audit trail").isZero();
    }

    static long count(String sql, String... args) throws Exception {
        return count(identity, sql, args);
    }

    static long count(Identity identity, String sql, String... args) throws Exception {
        try (Connection c = identity.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
