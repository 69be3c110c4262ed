package dev.familiar.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.TestServers;
import dev.familiar.server.testing.CapturedLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends secrets through real requests (headers, query strings, bodies, exception messages, careless log
 * calls) and greps the captured JSON log: none of them may appear, while the lines themselves must.
 */
class LogRedactionTest {
    private static final Logger CARELESS = LoggerFactory.getLogger("test.careless");
    private static final String JWT = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE5OTl9.c2lnbmF0dXJlLWJ5dGVz";
    private static final String STRIPE_KEY = "sk_test_51Habcdefghijklmnop";
    private static final String API_KEY = "famk_live_9f8e7d6c5b4a39281706";
    private static final String PASSWORD = "Tr0ub4dor&3-secret";
    private static final String CARD = "4242 4242 4242 4242";
    private static final String CLIENT_SECRET = "seti_1NabcDEF_secret_XyZ987654";
    private static final List<String> SECRETS = List.of(JWT, STRIPE_KEY, API_KEY, PASSWORD, CARD, "4242424242424242",
            CLIENT_SECRET, "query-token-value", "refresh-me-123");

    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir, routes -> {
            routes.post("/test/careless", dev.familiar.server.auth.Access.PUBLIC, ctx -> {
                CARELESS.info("Authorization header was {} and the body was {}", ctx.header("Authorization"), ctx.body());
                CARELESS.atInfo().addKeyValue("password", PASSWORD).addKeyValue("note", "card " + CARD).log("kv pairs");
                ctx.result("{}");
            });
            routes.get("/test/leaky-exception", dev.familiar.server.auth.Access.PUBLIC, ctx -> {
                throw new IllegalStateException("upstream refused key " + STRIPE_KEY + " with Bearer " + JWT);
            });
        });
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void secretsSentThroughRequestsNeverReachTheLog() throws Exception {
        String log;
        try (CapturedLog captured = new CapturedLog()) {
            HttpCalls.post(server.baseUrl() + "/test/careless",
                    "{\"password\":\"" + PASSWORD + "\",\"card_number\":\"" + CARD + "\",\"clientSecret\":\""
                            + CLIENT_SECRET + "\",\"note\":\"pay with " + CARD + "\",\"apiKey\":\"" + API_KEY + "\"}",
                    Map.of("Authorization", "Bearer " + JWT, "x-request-id", "req-redaction-1"));
            HttpCalls.get(server.baseUrl() + "/api/diag/smoke?token=query-token-value&refresh_token=refresh-me-123&page=2",
                    Map.of("X-Api-Key", API_KEY, "x-request-id", "req-redaction-2"));
            HttpCalls.get(server.baseUrl() + "/test/leaky-exception", Map.of("x-request-id", "req-redaction-3"));
            log = captured.text();
        }

        assertThat(log).contains("req-redaction-1", "req-redaction-2", "req-redaction-3");
        assertThat(log).contains("page=2");
        for (String secret : SECRETS) {
            assertThat(log).as("log must not contain %s", secret).doesNotContain(secret);
        }
        assertThat(log).contains(Redactor.MASK);
    }

    @Test
    void everyLineIsOneJsonObjectWithTheServiceFieldsAndRequestIds() throws Exception {
        List<String> lines;
        try (CapturedLog captured = new CapturedLog()) {
            HttpCalls.get(server.baseUrl() + "/api/diag/smoke",
                    Map.of("x-request-id", "req-fields-1", "x-correlation-id", "corr-fields-1", "x-tenant-id", "tenant-7"));
            lines = captured.lines();
        }

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> smokeLines = lines.stream().map(line -> {
            try {
                return mapper.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("Not a JSON line: " + line, e);
            }
        }).filter(n -> "req-fields-1".equals(n.path("request_id").asText())).toList();

        assertThat(smokeLines).hasSizeGreaterThanOrEqualTo(2); // the smoke line and the access line
        for (JsonNode line : smokeLines) {
            assertThat(line.path("service").asText()).isEqualTo("familiar-quota-server");
            assertThat(line.path("version").asText()).isNotBlank();
            assertThat(line.path("correlation_id").asText()).isEqualTo("corr-fields-1");
            assertThat(line.path("tenant_id").asText()).isEqualTo("tenant-7");
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("message").asText()).isNotBlank();
        }
    }
}
