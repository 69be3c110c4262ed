package dev.familiar.server.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.Identity;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.GoldenFiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code GET /api/admin/audit} is a 400 VALIDATION_FAILED naming the field, never a 500, and a CSV request
 * with bad input still gets the JSON error envelope (nothing of the export was sent).
 */
class AuditBadInputTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;
    static Map<String, String> bearer;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
        bearer = new Identity(server).admin().bearer();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static String b64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static final Object[][] CASES = {
            {"from=yesterday", "from"},
            {"from=2026-03-01", "from"},
            {"to=2026-13-01T00:00:00Z", "to"},
            {"from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to"},
            {"from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to"},
            {"limit=0", "limit"},
            {"limit=501", "limit"},
            {"limit=ten", "limit"},
            {"limit=", "limit"},
            {"limit=1.5", "limit"},
            {"actor=" + "a".repeat(101), "actor"},
            {"actor=" + q("bad\u0001actor"), "actor"},
            {"tenantId=" + "t".repeat(37), "tenantId"},
            {"tenantId=" + q("a b"), "tenantId"},
            {"action=" + "a".repeat(65), "action"},
            {"action=" + q("billing.*.x"), "action"},
            {"action=" + q("billing%"), "action"},
            {"action=" + q("**"), "action"},
            {"cursor=garbage!", "cursor"},
            {"cursor=" + b64("a1|not-a-time|e-1"), "cursor"},
            {"cursor=" + b64("a1|2026-03-01T00:00:00Z|x' OR 1=1"), "cursor"},
            {"cursor=" + b64("c1|2026-03-01T00:00:00Z|e-1"), "cursor"},
            {"cursor=" + b64("a1|2026-03-01T00:00:00Z"), "cursor"},
            {"cursor=" + "A".repeat(300), "cursor"},
    };

    @TestFactory
    Stream<DynamicTest> badInputIs400NamingTheField() {
        return Stream.of(CASES).flatMap(c -> Stream.of("application/json", "text/csv").map(accept ->
                DynamicTest.dynamicTest(c[0] + " (" + accept + ")", () -> {
                    Map<String, String> headers = new HashMap<>(bearer);
                    headers.put("Accept", accept);
                    Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/audit?" + c[0], headers);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                    assertThat(answer.headers().get("Content-Type")).startsWith("application/json");
                    assertThat(answer.headers().get("Content-Disposition")).isNull();
                    assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
                    assertThat(answer.json().at("/error/details/fields").has((String) c[1])).as(answer.body()).isTrue();
                })));
    }

    @Test
    void aCursorIsRefusedByTheExportWhichAnswersEverything() {
        String cursor = new AuditCursor(java.time.Instant.parse("2026-03-01T00:00:00Z"), "e-1").encode();
        Map<String, String> headers = new HashMap<>(bearer);
        headers.put("Accept", "text/csv");
        Answer answer = HttpCalls.get(server.baseUrl() + "/api/admin/audit?cursor=" + cursor, headers);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/details/fields/cursor").asText()).contains("CSV");
        Answer paged = HttpCalls.get(server.baseUrl() + "/api/admin/audit?cursor=" + cursor, bearer);
        assertThat(paged.status()).isEqualTo(200);
    }

    @Test
    void badInputGolden() {
        GoldenFiles.assertMatches("audit-400", 400, HttpCalls.get(server.baseUrl()
                + "/api/admin/audit?from=yesterday&limit=0&cursor=garbage", bearer).body());
    }
}
