package dev.familiar.server.directory.access;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.Identity.Account;
import dev.familiar.server.TestServers;
import dev.familiar.server.directory.local.LocalDirectory;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The role-mapping routes' response shapes, pinned to golden files (the groups' random ids written as names). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoleMappingGoldenTest {
    static final String PATH = "/api/admin/directory/role-mappings";

    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Account admin;
    static String engineers;
    static String billing;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(tempDir);
        Identity identity = new Identity(server);
        admin = identity.admin();
        LocalDirectory directory = new LocalDirectory(identity.dataSource(), Clock.systemUTC());
        String one = directory.create("One", Optional.empty()).id();
        String two = directory.create("Two", Optional.empty()).id();
        // answers are ordered by group id, and ids are random: the first id is always the engineers' group
        engineers = one.compareTo(two) < 0 ? one : two;
        billing = engineers.equals(one) ? two : one;
        directory.update(engineers, Optional.of("Prompt Engineers"), Optional.empty());
        directory.update(billing, Optional.of("Billing Admins"), Optional.empty());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static void assertGolden(String name, Answer answer) {
        String body = answer.body().replace(engineers, "grp_a_engineers").replace(billing, "grp_b_billing");
        GoldenFiles.assertMatches(name, answer.status(), body);
    }

    static Answer put(String body) {
        Request.Builder b = new Request.Builder().url(server.baseUrl() + PATH).put(RequestBody.create(body, HttpCalls.JSON));
        admin.bearer().forEach(b::header);
        return HttpCalls.call(b.build());
    }

    @Test
    @Order(1)
    void listEmpty() {
        assertGolden("directory-role-mappings-get-200-empty", HttpCalls.get(server.baseUrl() + PATH, admin.bearer()));
    }

    @Test
    @Order(2)
    void replace() {
        assertGolden("directory-role-mappings-put-200", put("{\"items\":["
                + "{\"groupId\":\"" + billing + "\",\"role\":\"BILLING_ADMIN\"},"
                + "{\"groupId\":\"" + engineers + "\",\"role\":\"PROMPT_ENGINEER\",\"groupDisplayName\":\"ignored\"}]}"));
    }

    @Test
    @Order(3)
    void list() {
        assertGolden("directory-role-mappings-get-200", HttpCalls.get(server.baseUrl() + PATH, admin.bearer()));
    }

    @Test
    @Order(4)
    void replaceWithADuplicateAndAnUnknownRole() {
        assertGolden("directory-role-mappings-put-400", put("{\"items\":["
                + "{\"groupId\":\"" + engineers + "\",\"role\":\"PROMPT_ENGINEER\"},"
                + "{\"groupId\":\"" + engineers + "\",\"role\":\"PROMPT_ENGINEER\"},"
                + "{\"groupId\":\"" + billing + "\",\"role\":\"USER\"}]}"));
    }

    @Test
    @Order(5)
    void replaceWithAnUnknownGroup() {
        assertGolden("directory-role-mappings-put-400-unknown-group", put("{\"items\":["
                + "{\"groupId\":\"grp_00000000000000000000000000000000\",\"role\":\"ADMIN\"}]}"));
    }
}
