package dev.familiar.model.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.diag.HealthReport;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FamiliarClientTest {
    private MockWebServer server;
    private FamiliarClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = FamiliarClient.connect(server.url("/").toString(), "Bearer test-token");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void answer(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(json).build());
    }

    @Test
    void smokeReturnsTheEnvelopeDataAndSendsTheCredential() throws Exception {
        answer(200, "{\"ok\":true,\"data\":{\"ok\":true},\"meta\":{\"requestId\":\"r\",\"correlationId\":\"c\"}}");

        assertThat(client.smoke().ok()).isTrue();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/diag/smoke");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer test-token");
    }

    @Test
    void anErrorEnvelopeBecomesAnApiErrorWithTheServersCodeMessageAndDetails() {
        answer(400, "{\"ok\":false,\"error\":{\"code\":\"VALIDATION_FAILED\",\"message\":\"Request validation failed\","
                + "\"status\":400,\"details\":{\"fields\":{\"x\":\"bad\"}}},\"meta\":{\"requestId\":\"r\",\"correlationId\":\"c\"}}");

        assertThatThrownBy(client::smoke).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Request validation failed");
            assertThat(e.details()).containsKey("fields");
        });
    }

    @Test
    void anUnknownErrorCodeIsReportedAsUpstreamFailedWithTheHttpStatus() {
        answer(418, "{\"ok\":false,\"error\":{\"code\":\"TEAPOT\",\"message\":\"short and stout\",\"status\":418,\"details\":{}},"
                + "\"meta\":{}}");

        assertThatThrownBy(client::smoke).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
            assertThat(e.status()).isEqualTo(418);
        });
    }

    @Test
    void aNonJsonAnswerIsReportedAsUnreachableNotAsACrash() {
        server.enqueue(new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build());

        assertThatThrownBy(client::smoke).isInstanceOf(ServerUnreachableException.class).hasMessageContaining("not JSON");
    }

    @Test
    void healthReadsA503ReportAsDown() {
        answer(503, "{\"status\":\"DOWN\",\"service\":\"familiar-quota-server\",\"version\":\"1.0\","
                + "\"checks\":{\"database\":{\"status\":\"DOWN\",\"detail\":\"h2 did not answer\"}}}");

        HealthReport report = client.health();

        assertThat(report.isUp()).isFalse();
        assertThat(report.checks().get("database").status()).isEqualTo("DOWN");
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() {
        String url = server.url("/").toString();
        server.close();
        try (FamiliarClient closed = FamiliarClient.connect(url)) {
            assertThatThrownBy(closed::health).isInstanceOf(ServerUnreachableException.class).hasMessageContaining("Cannot reach");
        }
    }

    @Test
    void loginPostsTheCredentialsAndReturnsTheToken() throws Exception {
        answer(200, "{\"userId\":\"u1\",\"username\":\"ops\",\"token\":\"eyJ.t.s\",\"roles\":[\"ADMIN\"],"
                + "\"expiresAt\":\"2026-01-01T01:00:00Z\"}");

        var login = client.login("ops", "correct-horse-battery");

        assertThat(login.token()).isEqualTo("eyJ.t.s");
        assertThat(login.roles()).containsExactly("ADMIN");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/api/v1/auth/login");
        assertThat(request.getBody().utf8()).contains("\"username\":\"ops\"").contains("\"password\":\"correct-horse-battery\"");
    }

    @Test
    void aRefusedLoginIsAnUnauthenticatedApiError() {
        answer(401, "{\"message\":\"Invalid username or password\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");

        assertThatThrownBy(() -> client.login("ops", "wrong")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).isEqualTo("Invalid username or password");
        });
    }

    @Test
    void aThrottledLoginCarriesRetryAfterInItsDetails() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
                .addHeader("Retry-After", "42").body("{\"message\":\"Too many failed logins; try again later\"}").build());

        assertThatThrownBy(() -> client.login("ops", "x")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.details()).containsEntry("retryAfterSeconds", 42L);
        });
    }

    @Test
    void withBearerSendsTheToken() throws Exception {
        answer(200, "{\"ok\":true,\"data\":{\"ok\":true},\"meta\":{}}");

        try (FamiliarClient authed = client.withBearer("famk_abc")) {
            authed.smoke();
        }

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer famk_abc");
    }

    @Test
    void aBaseUrlThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> FamiliarClient.connect("ftp://example")).isInstanceOf(IllegalArgumentException.class);
    }
}
