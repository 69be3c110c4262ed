package dev.familiar.model.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorBody;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.api.Json;
import dev.familiar.model.auth.LoginRequest;
import dev.familiar.model.auth.LoginResponse;
import dev.familiar.model.diag.HealthReport;
import dev.familiar.model.diag.SmokeResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A typed client of a quota-server. The admin console talks to a server only through this class,
 * whether the server runs in the console's own JVM or elsewhere.
 *
 * <p>Envelope-family calls return the envelope's {@code data}; an error envelope becomes an
 * {@link ApiError} with the server's code, message and status. A server that cannot be reached
 * becomes a {@link ServerUnreachableException}. Instances are thread-safe.
 */
public final class FamiliarClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final ObjectMapper mapper = Json.newMapper();
    private final String authorization;

    private FamiliarClient(HttpUrl baseUrl, String authorization, Duration timeout) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.http = new OkHttpClient.Builder()
                .callTimeout(timeout)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .build();
    }

    /** A client of the server at {@code baseUrl} (for example {@code http://127.0.0.1:8080}), without credentials. */
    public static FamiliarClient connect(String baseUrl) {
        return connect(baseUrl, null);
    }

    /**
     * A client that sends {@code authorization} (a full header value such as {@code Bearer ...}) with
     * every call; {@code null} sends none.
     */
    public static FamiliarClient connect(String baseUrl, String authorization) {
        HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
        if (url == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + baseUrl);
        }
        return new FamiliarClient(url, authorization, Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return baseUrl.toString();
    }

    /** UC-15 smoke call: proves the server's request path, logs and metrics work. */
    public SmokeResult smoke() {
        return getData("api/diag/smoke", SmokeResult.class);
    }

    /** Readiness: whether the server and its database (and Redis, when configured) answer. */
    public HealthReport health() {
        return getPlain("health/ready", HealthReport.class);
    }

    /** Liveness: whether the server process answers at all. */
    public HealthReport live() {
        return getPlain("health/live", HealthReport.class);
    }

    /**
     * Password login ({@code POST /api/v1/auth/login}); the answer's token opens a client with
     * {@link #withBearer(String)}. Bad credentials become an {@link ApiError} {@code UNAUTHENTICATED} (401),
     * throttling one with {@code RATE_LIMITED} (429).
     */
    public LoginResponse login(String username, String password) {
        try {
            byte[] body = mapper.writeValueAsBytes(new LoginRequest(username, password));
            Request request = new Request.Builder().url(baseUrl.resolve("api/v1/auth/login"))
                    .header("Accept", "application/json")
                    .post(RequestBody.create(body, JSON)).build();
            try (Response response = http.newCall(request).execute()) {
                JsonNode root = readTree(response.body());
                if (response.isSuccessful()) {
                    return mapper.treeToValue(root, LoginResponse.class);
                }
                throw plainError(response.code(), root, response.header("Retry-After"));
            }
        } catch (IOException e) {
            throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /** A client of the same server that sends {@code Authorization: Bearer <token>} (a JWT or an API key). */
    public FamiliarClient withBearer(String token) {
        return new FamiliarClient(baseUrl, "Bearer " + token, Duration.ofSeconds(10));
    }

    private ApiError plainError(int status, JsonNode root, String retryAfter) {
        String message = root.path("message").asText("HTTP " + status);
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> ErrorCode.UPSTREAM_FAILED;
        };
        if (retryAfter != null && retryAfter.matches("\\d{1,9}")) {
            return new ApiError(code, message, status, Map.of("retryAfterSeconds", Long.parseLong(retryAfter)));
        }
        return new ApiError(code, message, status);
    }

    private <T> T getData(String path, Class<T> dataType) {
        JavaType type = mapper.getTypeFactory().constructType(dataType);
        try (Response response = http.newCall(request(path)).execute()) {
            JsonNode root = readTree(response.body());
            if (response.isSuccessful() && root.path("ok").asBoolean(false)) {
                return mapper.convertValue(root.get("data"), type);
            }
            throw toApiError(response.code(), root);
        } catch (IOException e) {
            throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    /** Plain (non-envelope) bodies such as health reports, which carry meaning in 503 answers too. */
    private <T> T getPlain(String path, Class<T> type) {
        try (Response response = http.newCall(request(path)).execute()) {
            JsonNode root = readTree(response.body());
            if (root.has("error") && root.path("ok").isBoolean()) {
                throw toApiError(response.code(), root);
            }
            return mapper.treeToValue(root, type);
        } catch (IOException e) {
            throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
        }
    }

    private Request request(String path) {
        Request.Builder builder = new Request.Builder().url(baseUrl.resolve(path)).header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.get().build();
    }

    private JsonNode readTree(ResponseBody body) throws IOException {
        String text = body == null ? "" : body.string();
        if (text.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new IOException("the answer is not JSON", e);
        }
    }

    private ApiError toApiError(int httpStatus, JsonNode root) {
        JsonNode error = root.get("error");
        if (error == null || !error.isObject()) {
            return new ApiError(ErrorCode.UPSTREAM_FAILED, "Unexpected answer with HTTP status " + httpStatus, httpStatus);
        }
        ErrorBody body = mapper.convertValue(error, ErrorBody.class);
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(body.code());
        } catch (IllegalArgumentException | NullPointerException e) {
            code = ErrorCode.UPSTREAM_FAILED;
        }
        Map<String, Object> details = body.details();
        return new ApiError(code, body.message(), body.status() == 0 ? httpStatus : body.status(), details);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
