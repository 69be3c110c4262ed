package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import io.javalin.http.Context;

/**
 * Refuses a request whose path or query holds a malformed percent-escape ({@code %u0041}, {@code %G1}, a trailing
 * {@code %}) with a 400 in the route's family, before Javalin decodes path and query parameters: its decoder throws
 * on them, which became a 500.
 */
final class PercentEscapes {
    private PercentEscapes() {
    }

    static void refuseMalformed(Context ctx) {
        if (!wellFormed(ctx.req().getRequestURI()) || !wellFormed(ctx.req().getQueryString())) {
            throw ApiError.of(ErrorCode.VALIDATION_FAILED, "The request URI has a malformed percent-escape");
        }
    }

    /** Whether every {@code %} in {@code raw} starts an escape of two hexadecimal digits; {@code null} is well formed. */
    static boolean wellFormed(String raw) {
        if (raw == null) {
            return true;
        }
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
