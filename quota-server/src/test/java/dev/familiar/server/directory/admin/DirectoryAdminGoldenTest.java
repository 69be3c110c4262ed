package dev.familiar.server.directory.admin;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.auth.Role;
import dev.familiar.server.security.PasswordHasher;
import dev.familiar.server.testing.GoldenFiles;
import dev.familiar.server.users.User;
import dev.familiar.server.users.UserStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response shapes of the directory admin routes on the local directory, pinned to golden files. People have
 * fixed ids; the group ids and cursors the directory makes up are replaced by {@code <group:name>} and
 * {@code <cursor>} before the comparison (ids are masked by the golden files themselves).
 */
@Tag("storage")
class DirectoryAdminGoldenTest {
    static final String PLATFORM_TENANT = "00000000-0000-0000-0000-000000000001";
    static final String ANN = "00000000-0000-4000-8000-00000000d001";
    static final String BOB = "00000000-0000-4000-8000-00000000d002";
    static final String NO_GROUP = "grp_0000000000000000000000000000dead";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static final Map<String, String> replacements = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        admin = identity.admin();
        UserStore store = new UserStore(identity.dataSource());
        String hash = new PasswordHasher(1_000).hash(Identity.PASSWORD.toCharArray());
        for (String[] u : new String[][] {{ANN, "golden-ann"}, {BOB, "golden-bob"}}) {
            store.create(new User(u[0], PLATFORM_TENANT, u[1], Optional.of(u[1] + "@example.com"), hash,
                    EnumSet.of(Role.USER), false, Instant.parse("2030-01-01T00:00:00Z")));
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

    private static String group(String name, String description) {
        Answer created = call("POST", "/api/admin/directory/groups", "{\"displayName\":\"" + name + "\""
                + (description == null ? "" : ",\"description\":\"" + description + "\"") + "}");
        String id = created.json().at("/data/id").asText();
        replacements.put(id, "<group:" + name + ">");
        return id;
    }

    private static void golden(String name, Answer answer) {
        String body = answer.body();
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            body = body.replace(r.getKey(), r.getValue());
        }
        GoldenFiles.assertMatches(name, answer.status(), body);
    }

    @Test
    void groups() {
        golden("directory-groups-create-201", call("POST", "/api/admin/directory/groups",
                "{\"displayName\":\"Golden Alpha\",\"description\":\"The first\"}"));
        group("Golden Beta", null);
        Answer page = call("GET", "/api/admin/directory/groups?search=golden&limit=1", null);
        replacements.put(page.json().at("/data/nextCursor").asText(), "<cursor>");
        golden("directory-groups-list-200", page);
        golden("directory-groups-list-400", call("GET", "/api/admin/directory/groups?limit=0&cursor=", null));
        String gamma = group("Golden Gamma", "To change");
        golden("directory-groups-update-200", call("PATCH", "/api/admin/directory/groups/" + gamma,
                "{\"displayName\":\"Golden Gamma II\",\"description\":\"\"}"));
        golden("directory-groups-update-404", call("PATCH", "/api/admin/directory/groups/" + NO_GROUP,
                "{\"displayName\":\"Nobody\"}"));
        golden("directory-groups-create-400", call("POST", "/api/admin/directory/groups",
                "{\"displayName\":\" \",\"description\":5}"));
        String doomed = group("Golden Doomed", "Goes away");
        golden("directory-groups-delete-200", call("DELETE", "/api/admin/directory/groups/" + doomed, null));
        golden("directory-groups-delete-404", call("DELETE", "/api/admin/directory/groups/" + doomed, null));
    }

    @Test
    void members() {
        String team = group("Golden Team", "Members");
        golden("directory-members-add-200", call("POST", "/api/admin/directory/groups/" + team + "/members",
                "{\"userIds\":[\"" + ANN + "\",\"not an id\",\"" + ANN + "\",\"00000000-0000-4000-8000-00000000d0ff\"],"
                        + "\"emails\":[\"golden-bob@example.com\",\"nobody@example.com\",\"nope\"]}"));
        golden("directory-members-add-200-already", call("POST", "/api/admin/directory/groups/" + team + "/members",
                "{\"emails\":[\"GOLDEN-ANN@example.com\"]}"));
        golden("directory-members-add-400", call("POST", "/api/admin/directory/groups/" + team + "/members",
                "{\"userIds\":[],\"emails\":[]}"));
        golden("directory-members-add-404", call("POST", "/api/admin/directory/groups/" + NO_GROUP + "/members",
                "{\"userIds\":[\"" + ANN + "\"]}"));
        golden("directory-members-list-200", call("GET", "/api/admin/directory/groups/" + team + "/members", null));
        golden("directory-members-remove-200", call("DELETE", "/api/admin/directory/groups/" + team + "/members/"
                + BOB, null));
        golden("directory-members-remove-404", call("DELETE", "/api/admin/directory/groups/" + team + "/members/"
                + BOB, null));
    }

    @Test
    void users() {
        golden("directory-users-search-200", call("GET", "/api/admin/directory/users?search=golden-", null));
        golden("directory-users-search-400", call("GET", "/api/admin/directory/users", null));
    }
}
