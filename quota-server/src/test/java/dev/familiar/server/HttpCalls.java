package dev.familiar.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A small OkHttp wrapper for tests: one call, its status, headers and body as text and JSON. */
public final class HttpCalls {
    public static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = Json.newMapper();
    /**
     * No idle connections kept: each call's connection closes once it is answered. A connection left idle makes a test
     * server's graceful stop wait out Jetty's shutdown idle timeout (1-2 s per server, minutes over the suite).
     */
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(30)).retryOnConnectionFailure(false)
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS)).build();

    /** One answer. */
    public record Answer(int status, Headers headers, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name);
        }
    }

    private HttpCalls() {
    }

    public static OkHttpClient client() {
        return CLIENT;
    }

    public static Answer get(String url) {
        return call(new Request.Builder().url(url).get().build());
    }

    public static Answer get(String url, Map<String, String> headers) {
        return call(new Request.Builder().url(url).headers(Headers.of(headers)).get().build());
    }

    public static Answer post(String url, String json) {
        return call(new Request.Builder().url(url).post(RequestBody.create(json, JSON)).build());
    }

    public static Answer post(String url, String json, Map<String, String> headers) {
        return call(new Request.Builder().url(url).headers(Headers.of(headers)).post(RequestBody.create(json, JSON)).build());
    }

    /** What writes a request body, for {@link #chunked}. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(okio.BufferedSink sink) throws IOException;
    }

    /** A body of unknown length: sent with {@code Transfer-Encoding: chunked} and no {@code Content-Length}. */
    public static RequestBody chunked(MediaType type, BodyWriter writer) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws IOException {
                writer.writeTo(sink);
            }
        };
    }

    public static Answer call(Request request) {
        try (Response response = CLIENT.newCall(request).execute()) {
            return new Answer(response.code(), response.headers(), response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
