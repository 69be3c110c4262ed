package dev.familiar.model.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ContextHeaders;
import dev.familiar.model.api.ErrorBody;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.api.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one HTTP transport under every area of {@link FamiliarClient}: builds a call ({@link #call}), sends the
 * credential, and decodes the answer of either API family into a value or an {@link ApiError}.
 *
 * <ul>
 *   <li>Envelope routes ({@code {"ok":true,"data":…}}): {@link Call#envelope} answers {@code data};
 *       an error envelope becomes an {@link ApiError} with the server's code, message, status and details.</li>
 *   <li>Plain routes (the 002 family {@code /api/v1/…} and health): {@link Call#plain} answers the body; an error
 *       body {@code {message, errors:[{field, message}]}} becomes an {@link ApiError} whose code follows the status
 *       and whose {@code fields} detail maps each field to its problem, as an envelope's does.</li>
 * </ul>
 * Every {@link ApiError} carries the answer's {@code X-Request-Id}; a {@code Retry-After} becomes the
 * {@code retryAfterSeconds} detail. {@link Call#answer} also hands back the status and headers (rate-limit headers,
 * bodies a route answers with an error status), {@link Call#text} a body that is not JSON ({@code /metrics}), and
 * {@link Call#rawBody} sends bytes exactly as given (a signed webhook). A server that cannot be reached becomes a {@link ServerUnreachableException}.
 * Thread-safe.
 */
public final class ApiTransport implements AutoCloseable {
    /** The detail that carries a {@code Retry-After} header's seconds. */
    public static final String RETRY_AFTER_DETAIL = "retryAfterSeconds";
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final ObjectMapper mapper = Json.newMapper();
    private final Supplier<String> authorization;
    private final Duration timeout;

    ApiTransport(HttpUrl baseUrl, Supplier<String> authorization, Duration timeout) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.timeout = timeout;
        this.http = new OkHttpClient.Builder()
                .callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
    }

    /** A transport of the same server with another {@code Authorization} header value (null: none); closed apart. */
    ApiTransport withAuthorization(String authorization) {
        return new ApiTransport(baseUrl, () -> authorization, timeout);
    }

    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** The mapper that reads and writes bodies (Java time as ISO-8601 text). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** A call of {@code method} on {@code path} (relative to the base URL, without a leading slash). */
    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Call get(String path) {
        return call("GET", path);
    }

    public Call post(String path) {
        return call("POST", path);
    }

    public Call put(String path) {
        return call("PUT", path);
    }

    public Call patch(String path) {
        return call("PATCH", path);
    }

    public Call delete(String path) {
        return call("DELETE", path);
    }

    /**
     * A plain answer with its status and headers: what {@link Call#answer} returns. Header names are lower case
     * ({@link #header} takes any case).
     */
    public record Answer<T>(int status, T body, Map<String, List<String>> headers) {
        public Answer {
            headers = Map.copyOf(headers);
        }

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * One request being built; send it with {@link #envelope}, {@link #plain}, {@link #answer}, {@link #report} or
     * {@link #text}.
     */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;
        private RequestBody rawBody;
        private boolean anonymous;

        private Call(String method, String path) {
            this.method = Objects.requireNonNull(method, "method");
            this.path = Objects.requireNonNull(path, "path");
        }

        /** A query parameter; a null value is left out. */
        public Call query(String name, Object value) {
            if (value != null) {
                query.put(name, value.toString());
            }
            return this;
        }

        /** A header; a null value is left out. */
        public Call header(String name, String value) {
            if (value != null) {
                headers.put(name, value);
            }
            return this;
        }

        /** The JSON body (a record or map); null sends none. */
        public Call body(Object value) {
            this.body = value;
            this.rawBody = null;
            return this;
        }

        /**
         * These bytes as the body, unchanged, with {@code contentType}: for a body whose exact bytes matter, such as
         * a webhook event signed over them.
         */
        public Call rawBody(byte[] bytes, String contentType) {
            this.rawBody = RequestBody.create(bytes.clone(), MediaType.get(contentType));
            this.body = null;
            return this;
        }

        /** Sends no credential (public routes such as sign-up and invitation acceptance). */
        public Call anonymous() {
            this.anonymous = true;
            return this;
        }

        /** Sends the call to an envelope route and answers its {@code data} as {@code type}. */
        public <T> T envelope(Class<T> type) {
            return envelope(mapper.getTypeFactory().constructType(type));
        }

        public <T> T envelope(TypeReference<T> type) {
            return envelope(mapper.getTypeFactory().constructType(type));
        }

        private <T> T envelope(JavaType type) {
            return send((response, root) -> {
                if (response.isSuccessful() && root.path("ok").asBoolean(false)) {
                    JsonNode data = root.get("data");
                    return data == null || data.isNull() ? null : mapper.convertValue(data, type);
                }
                throw errorOf(response, root);
            });
        }

        /** Sends the call to a plain route (the 002 family, health) and answers its body as {@code type}. */
        public <T> T plain(Class<T> type) {
            return plain(mapper.getTypeFactory().constructType(type));
        }

        public <T> T plain(TypeReference<T> type) {
            return plain(mapper.getTypeFactory().constructType(type));
        }

        private <T> T plain(JavaType type) {
            return send((response, root) -> {
                if (response.isSuccessful()) {
                    return root.isEmpty() && !root.isArray() && type.getRawClass() == Void.class
                            ? null : mapper.convertValue(root, type);
                }
                throw errorOf(response, root);
            });
        }

        /**
         * Sends the call to a plain route and answers its body as {@code type} together with the status and headers.
         * A success, or one of {@code bodyStatuses} (statuses on which the route answers the same shape, such as the
         * token consume's 429), is read as {@code type}; any other status is an {@link ApiError}.
         */
        public <T> Answer<T> answer(Class<T> type, int... bodyStatuses) {
            return send((response, root) -> {
                boolean asBody = response.isSuccessful();
                for (int status : bodyStatuses) {
                    asBody |= response.code() == status;
                }
                if (!asBody) {
                    throw errorOf(response, root);
                }
                T value = root.isEmpty() && !root.isArray() && type == Void.class ? null : mapper.convertValue(root, type);
                return new Answer<>(response.code(), value, lowerCaseHeaders(response));
            });
        }

        /**
         * Sends the call and answers the body as text (a route that does not answer JSON, such as {@code /metrics});
         * an error status is decoded as an error of either family.
         */
        public String text() {
            Request request = build();
            try (Response response = http.newCall(request).execute()) {
                String text = response.body() == null ? "" : response.body().string();
                if (response.isSuccessful()) {
                    return text;
                }
                JsonNode root;
                try {
                    root = text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
                } catch (IOException e) {
                    root = mapper.createObjectNode();
                }
                throw errorOf(response, root);
            } catch (IOException e) {
                throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
            }
        }

        /**
         * Sends the call with {@code Accept: accept} and copies the body, as it arrives, to {@code sink} (a streamed
         * export such as the audit log's CSV); answers the bytes copied. Only the time between reads is bounded. An
         * error status is decoded as an error of either family and nothing is copied.
         */
        public long download(String accept, java.io.OutputStream sink) {
            headers.put("Accept", accept);
            Request request = build();
            OkHttpClient streaming = http.newBuilder().callTimeout(Duration.ZERO).build();
            try (Response response = streaming.newCall(request).execute()) {
                if (!response.isSuccessful()) {
                    throw errorOf(response, readTree(response.body()));
                }
                long copied = 0;
                byte[] buffer = new byte[16 * 1024];
                try (java.io.InputStream in = response.body().byteStream()) {
                    int n;
                    while ((n = in.read(buffer)) != -1) {
                        sink.write(buffer, 0, n);
                        copied += n;
                    }
                }
                return copied;
            } catch (IOException e) {
                throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
            }
        }

        /**
         * A plain route that also answers its body on some error statuses (readiness answers its report with 503):
         * the body is read as {@code type} whatever the status, unless it is an error of either family.
         */
        public <T> T report(Class<T> type) {
            return send((response, root) -> {
                boolean envelopeError = root.has("error") && root.path("ok").isBoolean();
                boolean plainError = !response.isSuccessful() && root.has("message") && !root.has("status");
                if (envelopeError || plainError) {
                    throw errorOf(response, root);
                }
                return mapper.convertValue(root, type);
            });
        }

        /**
         * Sends the call asking for server-sent events ({@code Accept: text/event-stream}) and hands each event's
         * name and JSON data to {@code onEvent}, in order, on this thread, as they arrive. An {@code error} event
         * (its data an error envelope) ends the stream as an {@link ApiError}; an answer that is not an event
         * stream is decoded as an error of either family. Only the time between events is bounded (the read
         * timeout), not the whole stream.
         */
        public void events(java.util.function.BiConsumer<String, JsonNode> onEvent) {
            headers.put("Accept", "text/event-stream");
            Request request = build();
            OkHttpClient streaming = http.newBuilder().callTimeout(Duration.ZERO).build();
            try (Response response = streaming.newCall(request).execute()) {
                String type = response.header("Content-Type", "");
                if (!response.isSuccessful() || !type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                    JsonNode root = readTree(response.body());
                    if (!response.isSuccessful()) {
                        throw errorOf(response, root);
                    }
                    throw new ServerUnreachableException("The server at " + baseUrl + " answered " + type
                            + " where an event stream was asked for", null);
                }
                okio.BufferedSource source = response.body().source();
                String event = null;
                StringBuilder data = new StringBuilder();
                while (true) {
                    String line = source.readUtf8Line();
                    if (line == null || line.isEmpty()) {
                        if (data.length() > 0) {
                            JsonNode value = mapper.readTree(data.toString());
                            String name = event == null ? "message" : event;
                            if ("error".equals(name)) {
                                throw errorOf(response, value);
                            }
                            onEvent.accept(name, value);
                        }
                        event = null;
                        data.setLength(0);
                        if (line == null) {
                            return;
                        }
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        if (data.length() > 0) {
                            data.append('\n');
                        }
                        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                    }
                }
            } catch (IOException e) {
                throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
            }
        }

        private <T> T send(Decoder<T> decoder) {
            Request request = build();
            try (Response response = http.newCall(request).execute()) {
                JsonNode root = readTree(response.body());
                return decoder.decode(response, root);
            } catch (IOException e) {
                throw new ServerUnreachableException("Cannot reach " + baseUrl + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new ServerUnreachableException("The server at " + baseUrl + " answered a body this client "
                        + "cannot read: " + e.getMessage(), e);
            }
        }

        private Request build() {
            HttpUrl resolved = baseUrl.resolve(path);
            if (resolved == null) {
                throw new IllegalArgumentException("Not a path: " + path);
            }
            HttpUrl.Builder url = resolved.newBuilder();
            query.forEach(url::addQueryParameter);
            Request.Builder builder = new Request.Builder().url(url.build()).header("Accept", "application/json");
            String credential = anonymous ? null : authorization.get();
            if (credential != null) {
                builder.header("Authorization", credential);
            }
            headers.forEach(builder::header);
            return builder.method(method, requestBody()).build();
        }

        private RequestBody requestBody() {
            if (rawBody != null) {
                return rawBody;
            }
            if (body != null) {
                try {
                    return RequestBody.create(mapper.writeValueAsBytes(body), JSON);
                } catch (IOException e) {
                    throw new IllegalArgumentException("Cannot write the request body: " + e.getMessage(), e);
                }
            }
            boolean needsBody = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
            return needsBody ? RequestBody.create(new byte[0], null) : null;
        }
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(Response response, JsonNode root) throws IOException;
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

    /** Either family's error body as an {@link ApiError} with the answer's request id. */
    ApiError errorOf(Response response, JsonNode root) {
        int status = response.code();
        ApiError error;
        JsonNode envelopeError = root.get("error");
        if (envelopeError != null && envelopeError.isObject()) {
            ErrorBody body = mapper.convertValue(envelopeError, ErrorBody.class);
            ErrorCode code;
            try {
                code = ErrorCode.valueOf(body.code());
            } catch (IllegalArgumentException | NullPointerException e) {
                code = ErrorCode.UPSTREAM_FAILED;
            }
            Map<String, Object> details = new LinkedHashMap<>(body.details() == null ? Map.of() : body.details());
            retryAfter(response).ifPresent(seconds -> details.putIfAbsent(RETRY_AFTER_DETAIL, seconds));
            error = new ApiError(code, body.message(), body.status() == 0 ? status : body.status(), details);
        } else if (root.has("message")) {
            Map<String, Object> details = new LinkedHashMap<>();
            JsonNode errors = root.get("errors");
            if (errors != null && errors.isArray()) {
                Map<String, String> fields = new LinkedHashMap<>();
                errors.forEach(e -> fields.put(e.path("field").asText(), e.path("message").asText()));
                details.put("fields", fields);
            }
            retryAfter(response).ifPresent(seconds -> details.put(RETRY_AFTER_DETAIL, seconds));
            root.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("message") && !field.getKey().equals("errors")
                        && !field.getKey().equals("timestamp") && field.getValue().isValueNode()) {
                    details.putIfAbsent(field.getKey(), mapper.convertValue(field.getValue(), Object.class));
                }
            });
            error = new ApiError(codeOf(status), root.path("message").asText("HTTP " + status), status, details);
        } else {
            error = new ApiError(codeOf(status), "Unexpected answer with HTTP status " + status, status);
        }
        return error.withRequestId(response.header(ContextHeaders.REQUEST_ID));
    }

    /** OkHttp's multimap already has lower-case names. */
    private static Map<String, List<String>> lowerCaseHeaders(Response response) {
        return response.headers().toMultimap();
    }

    private static java.util.Optional<Long> retryAfter(Response response) {
        String value = response.header("Retry-After");
        return value != null && value.matches("\\d{1,9}") ? java.util.Optional.of(Long.parseLong(value))
                : java.util.Optional.empty();
    }

    /** The code a plain error's status stands for (plain bodies carry no code). */
    static ErrorCode codeOf(int status) {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.defaultStatus() == status) {
                return code; // the first code of a status is its general one (CONFLICT before ORG_EXISTS)
            }
        }
        return status >= 500 ? ErrorCode.UPSTREAM_FAILED : ErrorCode.VALIDATION_FAILED;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
