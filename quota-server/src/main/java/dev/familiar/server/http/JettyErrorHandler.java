package dev.familiar.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ContextHeaders;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.api.ErrorEnvelope;
import dev.familiar.model.api.Meta;
import dev.familiar.model.api.PlainError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Answers the errors Jetty raises before a request reaches Javalin (a header over the buffer: 431, a request line
 * over it: 414, raw bytes, {@code %00} or dot segments in a path: 400, an unknown HTTP version: 505) in our shapes:
 * the error envelope with {@code application/json}, or the plain {@code 002} body on that family's paths. Ids come
 * from the request when Jetty parsed them and are safe, and are minted otherwise (a request Jetty could not parse
 * reaches this handler without its headers); both are echoed as headers.
 * Messages are fixed per status: Jetty's reason may quote what the caller sent.
 */
final class JettyErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger("familiar.access");
    private static final String JSON = "application/json";

    private final ObjectMapper mapper;

    JettyErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
        }
        if (status < 400 || status > 599) {
            status = 500;
        }
        response.setStatus(status);
        HttpFields headers = request.getHeaders();
        String requestId = RequestContextFilter.safeOrMint(headers == null ? null : headers.get(ContextHeaders.REQUEST_ID));
        String correlationId = RequestContextFilter.safeOrMint(
                headers == null ? null : headers.get(ContextHeaders.CORRELATION_ID));
        HttpFields.Mutable out = response.getHeaders();
        out.put(ContextHeaders.REQUEST_ID, requestId);
        out.put(ContextHeaders.CORRELATION_ID, correlationId);
        out.put(HttpHeader.CACHE_CONTROL, "no-store");
        Map<String, String> prior = MDC.getCopyOfContextMap();
        MDC.put(RequestContextFilter.MDC_REQUEST_ID, requestId);
        MDC.put(RequestContextFilter.MDC_CORRELATION_ID, correlationId);
        try {
            // Jetty names a request it could not parse "BAD"; neither the method nor the path is logged as sent.
            LOG.atInfo().addKeyValue("http_method", safeMethod(request)).addKeyValue("http_status", status)
                    .log("{} refused by the HTTP layer -> {}", safeMethod(request), status);
        } finally {
            if (prior == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(prior);
            }
        }
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] body = body(path(request), forStatus(status), new Meta(requestId, correlationId));
        out.put(HttpHeader.CONTENT_TYPE, JSON);
        out.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** The body Jetty writes itself when it cannot create a request at all: the envelope without request ids. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON));
        Meta meta = new Meta(RequestContextFilter.safeOrMint(null), RequestContextFilter.safeOrMint(null));
        return ByteBuffer.wrap(body(null, forStatus(status), meta));
    }

    /** The error of a status Jetty sets; every message is ours. */
    static ApiError forStatus(int status) {
        return switch (status) {
            case 400 -> ApiError.of(ErrorCode.VALIDATION_FAILED,
                    "The request is not valid HTTP: check the request line, the path's characters and escapes, and the headers");
            case 414 -> ApiError.of(ErrorCode.URI_TOO_LONG, "The request URI is too long");
            case 431 -> ApiError.of(ErrorCode.HEADER_TOO_LARGE, "The request headers are too large");
            case 501, 505 -> new ApiError(ErrorCode.VALIDATION_FAILED,
                    "The request uses an HTTP feature or version this server does not support", status);
            default -> ErrorHandlers.fromStatus(status);
        };
    }

    private byte[] body(String path, ApiError error, Meta meta) {
        Object body = path != null && ApiResponses.usesPlainErrors(path)
                ? new PlainError(error.getMessage(), Instant.now(), null)
                : ErrorEnvelope.of(error.toBody(), meta);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ("{\"ok\":false,\"error\":{\"code\":\"" + error.code() + "\",\"message\":\"Request failed\",\"status\":"
                    + error.status() + ",\"details\":{}}}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The decoded path when Jetty got that far, else null (the envelope is the default family). */
    private static String path(Request request) {
        try {
            return request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String safeMethod(Request request) {
        String method = request.getMethod();
        return method != null && method.matches("[A-Z]{1,16}") ? method : "OTHER";
    }
}
