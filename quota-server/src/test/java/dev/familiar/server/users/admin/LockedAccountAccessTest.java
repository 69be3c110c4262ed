package dev.familiar.server.users.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.users.UserStatus;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked account cannot log in, and its access tokens and API keys (service keys it owns included) are refused: at
 * once on the server that locked it, within {@link LockedAccounts#REFRESH_EVERY} on another server sharing the
 * database. Unlocking restores access the same way. The clock is stepped, never slept on.
 */
@Tag("storage")
class LockedAccountAccessTest {
    @TempDir
    Path tempDir;
    final MutableClock clock = MutableClock.startingNow();
    FamiliarServer server;
    UserFixture fixture;
    FamiliarClient admin;

    @BeforeEach
    void start() {
        server = TestServers.start(TestServers.config(tempDir), clock);
        fixture = new UserFixture(server);
        admin = fixture.client(fixture.identity.admin());
    }

    @AfterEach
    void stop() {
        admin.close();
        server.stop();
    }

    private static int keysOf(FamiliarServer on, Account account, Map<String, String> credential) {
        return HttpCalls.get(on.baseUrl() + "/api/v1/auth/api-keys?userId=" + account.userId(), credential).status();
    }

    /** A key of {@code owner}: a USER key made by the owner, a SERVICE key made for them by the ADMIN. */
    private String apiKey(Account owner, String role) {
        Account creator = role.equals("SERVICE") ? fixture.identity.admin() : owner;
        String raw = HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys", "{\"userId\":\"" + owner.userId()
                + "\",\"name\":\"k\",\"role\":\"" + role + "\"}", creator.bearer()).json().path("rawKey").asText();
        assertThat(raw).startsWith("famk_");
        return raw;
    }

    private static int serviceTier(FamiliarServer on, String serviceKey, String userId) {
        return HttpCalls.get(on.baseUrl() + "/api/v1/tokens/tier?userId=" + userId, Map.of("X-Api-Key", serviceKey))
                .status();
    }

    @Test
    void aLockedUsersLoginIsRefusedWithAClearMessageOnlyForTheRightPassword() throws Exception {
        Account dev = fixture.identity.register("locked-login");

        assertThat(admin.users().lock(dev.userId()).status()).isEqualTo(UserStatus.LOCKED);

        assertThatThrownBy(() -> admin.login("locked-login", Identity.PASSWORD)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("locked");
        });
        assertThatThrownBy(() -> admin.login("locked-login", "a-wrong-password-123")).isInstanceOfSatisfying(ApiError.class,
                e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).isEqualTo("Invalid username or password").doesNotContain("locked");
                });

        admin.users().unlock(dev.userId());

        assertThat(admin.login("locked-login", Identity.PASSWORD).token()).isNotBlank();
        assertThat(UserAdminRoutesTest.count("SELECT COUNT(*) FROM audit_log WHERE action = 'user.login' "
                + "AND outcome = 'DENIED' AND target = ?", fixture.identity.dataSource(), dev.userId())).isEqualTo(1);
    }

    @Test
    void aLockedUsersTokenAndKeysAreRefusedAtOnceOnThisServerAndWorkAgainAfterUnlock() throws Exception {
        Account owner = fixture.identity.register("locked-keys");
        String userKey = apiKey(owner, "USER");
        String serviceKey = apiKey(owner, "SERVICE");
        assertThat(keysOf(server, owner, owner.bearer())).isEqualTo(200);
        assertThat(keysOf(server, owner, Map.of("X-Api-Key", userKey))).as("verified and cached").isEqualTo(200);
        assertThat(serviceTier(server, serviceKey, owner.userId())).isEqualTo(200);

        admin.users().lock(owner.userId());

        assertThat(keysOf(server, owner, owner.bearer())).as("the access token").isEqualTo(401);
        assertThat(keysOf(server, owner, Map.of("X-Api-Key", userKey))).as("the cached API key").isEqualTo(401);
        assertThat(serviceTier(server, serviceKey, owner.userId())).as("a service key the user owns").isEqualTo(401);
        clock.advance(LockedAccounts.REFRESH_EVERY.multipliedBy(3));
        assertThat(keysOf(server, owner, owner.bearer())).as("still refused after the set is read again").isEqualTo(401);

        admin.users().unlock(owner.userId());

        assertThat(keysOf(server, owner, owner.bearer())).isEqualTo(200);
        assertThat(keysOf(server, owner, Map.of("X-Api-Key", userKey))).isEqualTo(200);
        assertThat(serviceTier(server, serviceKey, owner.userId())).isEqualTo(200);
    }

    @Test
    void anotherServerSharingTheDatabaseRefusesALockedUserWithinTheBoundAndAcceptsThemAgainAfterUnlock() throws Exception {
        FamiliarServer second = TestServers.start(server.config(), clock);
        try {
            Account owner = fixture.identity.register("locked-team");
            String userKey = apiKey(owner, "USER");
            Account bystander = fixture.login("locked-team-bystander", owner.tenantId(), Role.USER);
            assertThat(keysOf(second, owner, owner.bearer())).isEqualTo(200);
            assertThat(keysOf(second, owner, Map.of("X-Api-Key", userKey))).isEqualTo(200);

            admin.users().lock(owner.userId());

            clock.advance(LockedAccounts.REFRESH_EVERY.minusSeconds(1));
            assertThat(keysOf(second, owner, owner.bearer())).as("the second server read the set before the lock: "
                    + "until its next read it does not know").isEqualTo(200);
            clock.advance(Duration.ofSeconds(1));
            assertThat(keysOf(second, owner, owner.bearer())).as("refused once the bound has passed").isEqualTo(401);
            assertThat(keysOf(second, owner, Map.of("X-Api-Key", userKey))).isEqualTo(401);
            assertThat(keysOf(second, bystander, bystander.bearer())).as("another user of the tenant").isEqualTo(200);

            admin.users().unlock(owner.userId());

            assertThat(keysOf(server, owner, owner.bearer())).as("at once where it was unlocked").isEqualTo(200);
            clock.advance(LockedAccounts.REFRESH_EVERY);
            assertThat(keysOf(second, owner, owner.bearer())).as("within the bound elsewhere").isEqualTo(200);
            assertThat(keysOf(second, owner, Map.of("X-Api-Key", userKey))).isEqualTo(200);
        } finally {
            second.stop();
        }
    }

    @Test
    void aDeletedUsersTokenIsRefusedOnAnotherServerWithinTheBound() throws Exception {
        FamiliarServer second = TestServers.start(server.config(), clock);
        try {
            Account owner = fixture.identity.register("deleted-team");
            assertThat(keysOf(second, owner, owner.bearer())).isEqualTo(200);

            admin.users().delete(owner.userId());

            assertThat(keysOf(server, owner, owner.bearer())).isEqualTo(401);
            clock.advance(LockedAccounts.REFRESH_EVERY);
            assertThat(keysOf(second, owner, owner.bearer())).isEqualTo(401);
        } finally {
            second.stop();
        }
    }
}
