package dev.familiar.server.users.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.client.FamiliarClient;
import dev.familiar.model.client.UsersClient;
import dev.familiar.model.users.UserList;
import dev.familiar.model.users.UserQuery;
import dev.familiar.model.users.UserStatus;
import dev.familiar.model.users.UserUpdate;
import dev.familiar.model.users.UserView;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.users.User;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of user accounts through the typed client ({@code client.users()}): list, search, filters, keyset
 * paging, roles, the TENANT_ADMIN's confinement to their tenant, and deletion.
 */
@Tag("storage")
class UserAdminRoutesTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static UserFixture fixture;
    static UsersClient asAdmin;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        fixture = new UserFixture(server);
        asAdmin = fixture.client(fixture.identity.admin()).users();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void pagesThroughATenantInUsernameOrderWithoutGapOrDuplicate() throws Exception {
        Account owner = fixture.tenantOwner("paging-owner");
        List<String> expected = new ArrayList<>(List.of("paging-owner"));
        for (String name : List.of("pg-delta", "pg-alpha", "pg-echo", "pg-charlie", "pg-bravo", "pg-foxtrot")) {
            fixture.create(name, owner.tenantId());
            expected.add(name);
        }
        expected.sort(String::compareTo);

        List<String> seen = new ArrayList<>();
        int pages = 0;
        String cursor = null;
        do {
            UserList page = asAdmin.list(UserQuery.all().withTenant(owner.tenantId()).withLimit(2).withCursor(cursor));
            page.items().forEach(u -> seen.add(u.username()));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void aUserCreatedBetweenPagesBehindTheCursorIsNotRepeatedAndOneAheadIsSeen() throws Exception {
        Account owner = fixture.tenantOwner("between-owner");
        for (String name : List.of("bt-b", "bt-d", "bt-f")) {
            fixture.create(name, owner.tenantId());
        }
        UserList first = asAdmin.list(UserQuery.all().withTenant(owner.tenantId()).withLimit(2));
        assertThat(first.items()).extracting(UserView::username).containsExactly("between-owner", "bt-b");

        fixture.create("bt-a", owner.tenantId());
        fixture.create("bt-e", owner.tenantId());
        UserList rest = asAdmin.list(UserQuery.all().withTenant(owner.tenantId()).withLimit(10)
                .withCursor(first.nextCursor()));

        assertThat(rest.items()).extracting(UserView::username).containsExactly("bt-d", "bt-e", "bt-f");
        assertThat(rest.nextCursor()).isNull();
    }

    @Test
    void searchesByUsernameOrEmailPrefixIgnoringCase() throws Exception {
        Account owner = fixture.tenantOwner("search-owner");
        fixture.create("zed-search-one", owner.tenantId());
        fixture.create("zed-search-two", owner.tenantId());
        fixture.create("other-zed", owner.tenantId());

        assertThat(asAdmin.list(UserQuery.all().withSearch("ZED-SEARCH")).items()).extracting(UserView::username)
                .containsExactly("zed-search-one", "zed-search-two");
        assertThat(asAdmin.list(UserQuery.all().withSearch("other-zed@example")).items()).extracting(UserView::username)
                .containsExactly("other-zed");
        assertThat(asAdmin.list(UserQuery.all().withSearch("zed_")).items())
                .as("_ is a character, not a wildcard").isEmpty();
    }

    @Test
    void filtersByRoleAndStatus() throws Exception {
        Account owner = fixture.tenantOwner("filter-owner");
        String t = owner.tenantId();
        fixture.create("flt-admin", t, Role.USER, Role.TENANT_ADMIN);
        String invited = fixture.create("flt-invited", t, User.INVITED, Role.USER);
        fixture.create("flt-external", t, User.NO_PASSWORD, Role.USER);
        String locked = fixture.create("flt-locked", t);
        asAdmin.lock(locked);

        assertThat(asAdmin.list(UserQuery.all().withTenant(t).withRole("TENANT_ADMIN")).items())
                .extracting(UserView::username).containsExactly("flt-admin");
        assertThat(asAdmin.list(UserQuery.all().withTenant(t).withStatus(UserStatus.LOCKED)).items())
                .extracting(UserView::username).containsExactly("flt-locked");
        assertThat(asAdmin.list(UserQuery.all().withTenant(t).withStatus(UserStatus.INVITED)).items())
                .extracting(UserView::id).containsExactly(invited);
        assertThat(asAdmin.list(UserQuery.all().withTenant(t).withStatus(UserStatus.EXTERNAL)).items())
                .extracting(UserView::username).containsExactly("flt-external");
        assertThat(asAdmin.list(UserQuery.all().withTenant(t).withStatus(UserStatus.ACTIVE)).items())
                .extracting(UserView::username).containsExactly("filter-owner", "flt-admin");
        UserView one = asAdmin.get(locked);
        assertThat(one.status()).isEqualTo(UserStatus.LOCKED);
        assertThat(one.lockedAt()).isNotNull();
        assertThat(one.tenantId()).isEqualTo(t);
        assertThat(one.email()).isEqualTo("flt-locked@example.com");
        assertThat(one.roles()).containsExactly("USER");
    }

    @Test
    void anAdminChangesRolesAndTheNextLoginCarriesThem() throws Exception {
        Account owner = fixture.tenantOwner("roles-owner");
        String id = fixture.create("roles-member", owner.tenantId());

        UserView changed = asAdmin.update(id, UserUpdate.roles(List.of("USER", "TENANT_ADMIN")));

        assertThat(changed.roles()).containsExactly("TENANT_ADMIN", "USER");
        assertThat(asAdmin.get(id).roles()).containsExactly("TENANT_ADMIN", "USER");
        assertThat(fixture.identity.login("roles-member", Identity.PASSWORD).token()).isNotBlank();
        try (FamiliarClient member = fixture.client(fixture.identity.login("roles-member", Identity.PASSWORD))) {
            assertThat(member.users().list(UserQuery.all()).items()).extracting(UserView::username)
                    .contains("roles-owner", "roles-member");
        }
        assertThat(auditCount("user.roles.change", id)).isEqualTo(1);
    }

    @Test
    void aPlainUserIsRefusedEveryUserRoute() {
        Account dev = fixture.tenantOwner("plain-user");
        try (FamiliarClient client = fixture.client(dev)) {
            UsersClient users = client.users();
            assertForbidden(() -> users.list(UserQuery.all()));
            assertForbidden(() -> users.get(dev.userId()));
            assertForbidden(() -> users.lock(dev.userId()));
            assertForbidden(() -> users.delete(dev.userId()));
        }
    }

    @Test
    void aTenantAdminIsConfinedToTheirTenantAndCannotTouchAdmin() throws Exception {
        Account owner = fixture.tenantOwner("ta-home-owner");
        Account other = fixture.tenantOwner("ta-other-owner");
        Account tenantAdmin = fixture.login("ta-admin", owner.tenantId(), Role.USER, Role.TENANT_ADMIN);
        String member = fixture.create("ta-member", owner.tenantId());
        try (FamiliarClient client = fixture.client(tenantAdmin)) {
            UsersClient users = client.users();

            assertThat(users.list(UserQuery.all()).items()).extracting(UserView::tenantId)
                    .containsOnly(owner.tenantId());
            assertThat(users.list(UserQuery.all().withSearch("ta-other")).items()).isEmpty();
            assertForbidden(() -> users.list(UserQuery.all().withTenant(other.tenantId())));
            assertNotFound(() -> users.get(other.userId()));
            assertNotFound(() -> users.lock(other.userId()));
            assertNotFound(() -> users.delete(other.userId()));
            assertForbidden(() -> users.update(member, UserUpdate.roles(List.of("USER", "ADMIN"))));
            String rootAdmin = fixture.identity.admin().userId();
            assertNotFound(() -> users.get(rootAdmin));

            assertThat(users.update(member, UserUpdate.roles(List.of("USER", "TENANT_ADMIN"))).roles())
                    .containsExactly("TENANT_ADMIN", "USER");
            assertThat(users.lock(member).status()).isEqualTo(UserStatus.LOCKED);
        }
        assertThat(asAdmin.get(other.userId()).status()).as("untouched").isEqualTo(UserStatus.ACTIVE);
        assertThat(asAdmin.get(member).roles()).doesNotContain("ADMIN");
    }

    @Test
    void aTenantAdminMayNotChangeAnAdminsAccountInTheirTenant() throws Exception {
        Account tenantAdmin = fixture.login("platform-ta", UserFixture.PLATFORM_TENANT, Role.USER, Role.TENANT_ADMIN);
        String admin = fixture.create("platform-second-admin", UserFixture.PLATFORM_TENANT, Role.USER, Role.ADMIN);
        try (FamiliarClient client = fixture.client(tenantAdmin)) {
            assertForbidden(() -> client.users().lock(admin));
            assertForbidden(() -> client.users().update(admin, UserUpdate.roles(List.of("USER"))));
            assertForbidden(() -> client.users().delete(admin));
        }
        assertThat(asAdmin.get(admin).status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(auditCount("user.lock", admin)).as("the refusal is audited as DENIED").isEqualTo(1);
    }

    @Test
    void deleteRevokesKeysRemovesPersonalDataAndKeepsTheUsageHistoryUnderTheSameId() throws Exception {
        Account owner = fixture.tenantOwner("delete-me");
        String rawKey = HttpCalls.post(server.baseUrl() + "/api/v1/auth/api-keys",
                "{\"userId\":\"" + owner.userId() + "\",\"name\":\"ci\"}", owner.bearer()).json().path("rawKey").asText();
        assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/tokens/consume",
                "{\"userId\":\"" + owner.userId() + "\",\"provider\":\"openai\",\"tokens\":20}", owner.bearer()).status())
                .isEqualTo(200);
        assertThat(validate(rawKey)).isEqualTo(200);

        UserView deleted = asAdmin.delete(owner.userId());

        assertThat(deleted.status()).isEqualTo(UserStatus.DELETED);
        assertThat(deleted.id()).isEqualTo(owner.userId());
        assertThat(deleted.username()).isEqualTo("deleted:" + owner.userId());
        assertThat(deleted.email()).isNull();
        assertThat(deleted.roles()).containsExactly("USER");
        assertNotFound(() -> asAdmin.get(owner.userId()));
        assertNotFound(() -> asAdmin.delete(owner.userId()));
        assertThat(asAdmin.list(UserQuery.all().withTenant(owner.tenantId())).items()).isEmpty();
        assertThat(asAdmin.list(UserQuery.all().withTenant(owner.tenantId()).withStatus(UserStatus.DELETED)).items())
                .extracting(UserView::id).containsExactly(owner.userId());
        assertThat(validate(rawKey)).as("the API key is revoked").isEqualTo(401);
        assertThat(HttpCalls.get(server.baseUrl() + "/api/me/entitlements", owner.bearer()).status())
                .as("the access token is refused").isEqualTo(401);
        assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"delete-me\",\"password\":\"" + Identity.PASSWORD + "\"}").status()).isEqualTo(401);
        assertThat(HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"delete-me@example.com\",\"password\":\"" + Identity.PASSWORD + "\"}").status()).isEqualTo(401);
        assertThat(count("SELECT COUNT(*) FROM token_usage_event WHERE user_id = ?", owner.userId()))
                .as("usage history kept under the anonymous id").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM api_key WHERE user_id = ? AND revoked_at IS NULL", owner.userId()))
                .isZero();
        assertThat(auditCount("user.delete", owner.userId())).isEqualTo(1);
        assertThat(fixture.identity.register("delete-me").userId()).as("the name is free again")
                .isNotEqualTo(owner.userId());
    }

    private static int validate(String rawKey) {
        return HttpCalls.get(server.baseUrl() + "/api/v1/auth/api-keys/validate", Map.of("X-Api-Key", rawKey)).status();
    }

    static long auditCount(String action, String target) throws Exception {
        return count("SELECT COUNT(*) FROM audit_log WHERE action = '" + action + "' AND target = ?", target);
    }

    static long count(String sql, String arg) throws Exception {
        return count(sql, fixture.identity.dataSource(), arg);
    }

    static long count(String sql, javax.sql.DataSource dataSource, String arg) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.status()).isEqualTo(403);
        });
    }

    static void assertNotFound(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.status()).isEqualTo(404);
        });
    }
}
