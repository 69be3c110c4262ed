package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorEnvelope;
import dev.familiar.model.api.PlainError;
import dev.familiar.model.api.SuccessEnvelope;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the envelope family's bodies: {@code wrapSuccess} and {@code wrapError} of the source document. */
public final class ApiResponses {
    /** Set when an error envelope has been written, so status-code error pages do not overwrite it. */
    static final String ERROR_WRITTEN = "familiar.errorWritten";
    /** An {@link ApiError} detail that also sets {@code Retry-After}. */
    public static final String RETRY_AFTER_DETAIL = "retryAfterSeconds";
    private static final List<String> PLAIN_ERROR_PREFIXES = List.of("/api/v1/auth/", "/api/v1/tokens/",
            "/api/v1/analytics/");

    private ApiResponses() {
    }

    public static void ok(Context ctx, Object data) {
        ok(ctx, 200, data);
    }

    public static void ok(Context ctx, int status, Object data) {
        ctx.status(status).json(SuccessEnvelope.of(data, RequestContextFilter.current(ctx).meta()));
    }

    /**
     * Writes an error in the family of the request's route: the plain {@code {message, timestamp}} body for the
     * LLM-token API ({@link #usesPlainErrors(String)}; field problems as a list of {@code {field, message}}), the
     * envelope everywhere else. A
     * {@code retryAfterSeconds} detail becomes a {@code Retry-After} header.
     */
    public static void error(Context ctx, ApiError error) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        Object retryAfter = error.details().get(RETRY_AFTER_DETAIL);
        if (retryAfter instanceof Number seconds) {
            ctx.header("Retry-After", Long.toString(Math.max(1, seconds.longValue())));
        }
        if (usesPlainErrors(ctx.path())) {
            Object fields = error.details().get("fields");
            @SuppressWarnings("unchecked")
            Map<String, Object> errors = fields instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            ctx.status(error.status()).json(PlainError.of(error.getMessage(), Instant.now(), errors));
            return;
        }
        ctx.status(error.status()).json(ErrorEnvelope.of(error.toBody(), RequestContextFilter.current(ctx).meta()));
    }

    /** The routes of the {@code 002} document keep its plain error bodies; its clients already exist. */
    public static boolean usesPlainErrors(String path) {
        for (String prefix : PLAIN_ERROR_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
