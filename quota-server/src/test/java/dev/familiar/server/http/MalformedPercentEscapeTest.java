package dev.familiar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.HttpCalls;
import dev.familiar.server.HttpCalls.Answer;
import dev.familiar.server.TestServers;
import java.nio.file.Path;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Found by OpenApiFuzzDrill: a malformed percent-escape in a path parameter made Javalin's decoder throw (500). */
class MalformedPercentEscapeTest {
    @TempDir
    static Path tempDir;
    static FamiliarServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(tempDir);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static Answer get(String pathAndQuery) {
        HttpUrl url = HttpUrl.get(server.baseUrl() + pathAndQuery);
        assertThat(url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()))
                .as("sent as written").isEqualTo(pathAndQuery);
        return HttpCalls.call(new Request.Builder().url(url).get().build());
    }

    @Test
    void aMalformedEscapeInAPathParameterIsA400InTheEnvelope() {
        Answer answer = get("/api/admin/billing/%u0041");

        assertThat(answer.status()).isEqualTo(400);
        JsonNode body = answer.json();
        assertThat(body.path("ok").asBoolean(true)).isFalse();
        assertThat(body.at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aMalformedEscapeOnA002RouteIsA400InThePlainShape() {
        Answer answer = get("/api/v1/tokens/purchase/%u0041");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("message").asText()).contains("percent-escape");
        assertThat(answer.json().has("timestamp")).isTrue();
    }

    @Test
    void aMalformedEscapeInTheQueryIsA400() {
        Answer answer = get("/api/diag/smoke?x=%u0041");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void wellFormedEscapesStillPass() {
        assertThat(get("/api/diag/smoke?x=%41%c3%a9").status()).isEqualTo(200);
        assertThat(PercentEscapes.wellFormed("/a%2Fb%ff")).isTrue();
        assertThat(PercentEscapes.wellFormed("/a%2")).isFalse();
        assertThat(PercentEscapes.wellFormed("/a%zz")).isFalse();
    }
}
