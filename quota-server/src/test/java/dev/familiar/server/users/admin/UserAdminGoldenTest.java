package dev.familiar.server.users.admin;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.testing.MutableClock;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response shapes of the user-admin routes (and of a locked user's login), pinned to golden files. Accounts have
 * fixed ids in the platform tenant and the server's clock is fixed, so the unmasked fields are stable.
 */
@Tag("storage")
class UserAdminGoldenTest {
    static final String GOLDEN_USER = "00000000-0000-4000-8000-00000000a001";
    static final String DOOMED_USER = "00000000-0000-4000-8000-00000000a002";
    static final String LOCKED_USER = "00000000-0000-4000-8000-00000000a003";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(TestServers.config(tempDir), new MutableClock(Instant.parse("2030-01-01T00:00:00Z")));
        Identity identity = new Identity(server);
        admin = identity.admin();
        UserStore store = new UserStore(identity.dataSource());
        String hash = new PasswordHasher(1_000).hash(Identity.PASSWORD.toCharArray());
        for (String[] u : new String[][] {{GOLDEN_USER, "golden-user"}, {DOOMED_USER, "golden-doomed"},
                {LOCKED_USER, "golden-locked"}}) {
            store.create(new User(u[0], UserFixture.PLATFORM_TENANT, u[1], Optional.of(u[1] + "@example.com"), hash,
                    EnumSet.of(Role.USER, Role.TENANT_ADMIN), false, Instant.parse("2030-01-01T00:00:00Z")));
        }
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static Answer call(String method, String path, String body) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + path);
        admin.bearer().forEach(b::header);
        b.method(method, body == null ? null : RequestBody.create(body, HttpCalls.JSON));
        return HttpCalls.call(b.build());
    }

    private static void golden(String name, Answer answer) {
        GoldenFiles.assertMatches(name, answer.status(), answer.body());
    }

    @Test
    void listOneAndNotFound() {
        golden("users-list-200", call("GET", "/api/admin/users?search=golden-user", null));
        golden("users-get-200", call("GET", "/api/admin/users/" + GOLDEN_USER, null));
        golden("users-get-404", call("GET", "/api/admin/users/00000000-0000-4000-8000-00000000ffff", null));
        golden("users-list-400", call("GET", "/api/admin/users?limit=0&cursor=nope", null));
    }

    @Test
    void lockAndTheLockedLogin() {
        golden("users-patch-200-lock", call("PATCH", "/api/admin/users/" + LOCKED_USER, "{\"locked\":true}"));
        golden("auth-login-403-locked", HttpCalls.post(server.baseUrl() + "/api/v1/auth/login",
                "{\"username\":\"golden-locked\",\"password\":\"" + Identity.PASSWORD + "\"}"));
    }

    @Test
    void lastAdminAndDelete() {
        golden("users-patch-409-last-admin", call("PATCH", "/api/admin/users/" + admin.userId(), "{\"roles\":[\"USER\"]}"));
        golden("users-delete-200", call("DELETE", "/api/admin/users/" + DOOMED_USER, null));
    }
}
