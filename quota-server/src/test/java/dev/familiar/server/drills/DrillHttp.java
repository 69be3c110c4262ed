package dev.familiar.server.drills;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The drills' HTTP client: JSON bodies always sent as {@code application/json}, a pool large enough for 64
 * clients, and no silent retries by OkHttp (a drill's client retries itself, with the same request id, and counts).
 */
final class DrillHttp {
    static final ObjectMapper MAPPER = Json.newMapper();
    private static final MediaType JSON = MediaType.get("application/json");

    /** One answer: status, body, and the {@code x-request-id} the server gave this very call. */
    record Answer(int status, String body, String requestId) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final OkHttpClient client = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(160, 1, TimeUnit.MINUTES))
            .connectTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofSeconds(45)) // the server gives up on a write after 30 s (503)
            .readTimeout(Duration.ofSeconds(45))
            .retryOnConnectionFailure(false)
            .build();

    /** POSTs {@code body} as JSON; a connection failure is an {@link IOException}. */
    Answer post(String url, Object body, String bearer) throws IOException {
        Request.Builder request = new Request.Builder().url(url).post(RequestBody.create(json(body), JSON));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return call(request);
    }

    Answer put(String url, Object body, String bearer) throws IOException {
        return call(new Request.Builder().url(url).put(RequestBody.create(json(body), JSON))
                .header("Authorization", "Bearer " + bearer));
    }

    Answer get(String url, String bearer) throws IOException {
        Request.Builder request = new Request.Builder().url(url).get();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return call(request);
    }

    /** As {@link #post} for set-up calls, which must succeed. */
    JsonNode postOk(String url, Object body, String bearer) {
        try {
            return expectOk("POST " + url, post(url, body, bearer));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url, e);
        }
    }

    JsonNode putOk(String url, Object body, String bearer) {
        try {
            return expectOk("PUT " + url, put(url, body, bearer));
        } catch (IOException e) {
            throw new UncheckedIOException("PUT " + url, e);
        }
    }

    JsonNode getOk(String url, String bearer) {
        try {
            return expectOk("GET " + url, get(url, bearer));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        }
    }

    void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private Answer call(Request.Builder request) throws IOException {
        try (Response response = client.newCall(request.build()).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("x-request-id"));
        }
    }

    private static JsonNode expectOk(String what, Answer answer) {
        if (!answer.ok()) {
            throw new IllegalStateException(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    static String json(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
