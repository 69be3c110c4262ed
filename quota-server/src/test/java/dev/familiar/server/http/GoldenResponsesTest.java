package dev.familiar.server.http;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import java.nio.file.Path;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins each response shape of the Backbone routes to a golden file in src/test/resources/golden. */
class GoldenResponsesTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir, routes -> routes.get("/test/boom", dev.familiar.server.auth.Access.PUBLIC, ctx -> {
            throw new IllegalStateException("boom");
        }));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static void assertGolden(String name, Answer answer) {
        GoldenFiles.assertMatches(name, answer.status(), answer.body());
    }

    @Test
    void smokeGet() {
        assertGolden("diag-smoke-get-200", HttpCalls.get(server.baseUrl() + "/api/diag/smoke"));
    }

    @Test
    void smokePostInvalid() {
        assertGolden("diag-smoke-post-400", HttpCalls.post(server.baseUrl() + "/api/diag/smoke", "{\"iterations\":0}"));
    }

    @Test
    void malformedJson() {
        assertGolden("error-400-malformed-json", HttpCalls.post(server.baseUrl() + "/api/diag/smoke", "{oops"));
    }

    @Test
    void unknownRoute() {
        assertGolden("error-404", HttpCalls.get(server.baseUrl() + "/nowhere"));
    }

    @Test
    void wrongMethod() {
        assertGolden("error-405", HttpCalls.call(new Request.Builder().url(server.baseUrl() + "/health/live")
                .put(okhttp3.RequestBody.create("{}", HttpCalls.JSON)).build()));
    }

    @Test
    void bodyTooLarge() {
        assertGolden("error-413", HttpCalls.post(server.baseUrl() + "/api/diag/smoke", "\"" + "z".repeat(1_100_000) + "\""));
    }

    @Test
    void unexpectedError() {
        assertGolden("error-500", HttpCalls.get(server.baseUrl() + "/test/boom"));
    }

    @Test
    void healthLive() {
        assertGolden("health-live-200", HttpCalls.get(server.baseUrl() + "/health/live"));
    }
}
