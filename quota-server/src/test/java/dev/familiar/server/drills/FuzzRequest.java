package dev.familiar.server.drills;

import dev.familiar.server.drills.FuzzWorld.Credential;
import dev.familiar.server.drills.OpenApiModel.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One generated request: the operation it was generated for, the caller, what was mutated, and the request as
 * sent (method, percent-encoded path and query, headers, body bytes and content type). Its {@link #toString()} is
 * what jqwik prints for a falsified (and shrunk) sample, so it says everything needed to replay it by hand.
 *
 * @param intents what the server must refuse about this request beyond its documented contract (see {@link Intent})
 */
record FuzzRequest(Operation source, Credential credential, String mutation, String method, String rawPath,
                   String rawQuery, List<Map.Entry<String, String>> headers, byte[] body, String contentType,
                   Set<Intent> intents) {

    /** Behaviour issue 11 asks for that the document cannot state per operation. */
    enum Intent {
        /** A body sent as text/plain, form, XML or without a content type is not parsed as JSON (415). */
        NON_JSON_CONTENT_TYPE,
        /** Duplicate keys in a JSON object are refused. */
        DUPLICATE_KEYS,
        /** An unknown field in a request is refused, not ignored. */
        UNKNOWN_FIELD,
        /** NUL, lone surrogates and invalid UTF-8 in a string are refused. */
        BAD_TEXT,
        /** A credential that is presented is checked, on every route. */
        BAD_CREDENTIAL
    }

    /** The answer to one request. */
    record Outcome(int status, String contentType, byte[] body, Headers headers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Bodies this large go over {@link RawHttp}: the server may answer 413 before reading them. */
    private static final int RAW_ABOVE_BYTES = 512 * 1024;
    private static final OkHttpClient CLIENT = new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(30))
            // a pooled connection the server closed after an error is retried on a fresh one (not a finding)
            .retryOnConnectionFailure(true).followRedirects(false).build();

    String target() {
        return rawPath + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    /** Sends the request; a connection the server drops without an answer is an outcome of status 0. */
    Outcome send(String baseUrl) {
        try {
            if (body != null && body.length > RAW_ABOVE_BYTES) {
                return RawHttp.send(baseUrl, method, HttpUrl.get(baseUrl + target()).encodedPath()
                        + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery), headers, body, contentType);
            }
            return sendWithOkHttp(baseUrl);
        } catch (IOException e) {
            return new Outcome(0, null, ("no answer: " + e).getBytes(StandardCharsets.UTF_8), Headers.of());
        }
    }

    private Outcome sendWithOkHttp(String baseUrl) throws IOException {
        HttpUrl url = HttpUrl.get(baseUrl + target());
        Headers.Builder h = new Headers.Builder();
        for (Map.Entry<String, String> header : headers) {
            h.addUnsafeNonAscii(header.getKey(), header.getValue());
        }
        RequestBody requestBody = null;
        if (body != null) {
            requestBody = RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType));
        } else if (requiresBody(method)) {
            requestBody = RequestBody.create(new byte[0], null);
        }
        if (contentType != null && body != null && MediaType.parse(contentType) == null) {
            h.set("Content-Type", contentType);
        }
        Request request = new Request.Builder().url(url).headers(h.build()).method(method, requestBody).build();
        try (Response response = CLIENT.newCall(request).execute()) {
            String type = response.header("Content-Type");
            return new Outcome(response.code(), type, response.body().bytes(), response.headers());
        }
    }

    private static boolean requiresBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(method).append(' ').append(abbreviate(target(), 300)).append(" as ").append(credential)
                .append(" [").append(source.name()).append(", ").append(mutation).append(']');
        for (Map.Entry<String, String> header : headers) {
            s.append("\n    ").append(header.getKey()).append(": ").append(abbreviate(header.getValue(), 120));
        }
        if (body != null) {
            s.append("\n    Content-Type: ").append(contentType).append("\n    body (").append(body.length)
                    .append(" bytes): ").append(abbreviate(printable(body), 400));
        }
        return s.toString();
    }

    static String printable(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(2000).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || cp == 0xfffd || Character.isSurrogate((char) cp) && cp <= 0xffff) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…(" + s.length() + " chars)";
    }
}
