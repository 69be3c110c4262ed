package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorEnvelope;
import dev.familiar.model.api.SuccessEnvelope;
import io.javalin.http.Context;

/** Writes the envelope family's bodies: {@code wrapSuccess} and {@code wrapError} of the source document. */
public final class ApiResponses {
    /** Set when an error envelope has been written, so status-code error pages do not overwrite it. */
    static final String ERROR_WRITTEN = "familiar.errorWritten";

    private ApiResponses() {
    }

    public static void ok(Context ctx, Object data) {
        ok(ctx, 200, data);
    }

    public static void ok(Context ctx, int status, Object data) {
        ctx.status(status).json(SuccessEnvelope.of(data, RequestContextFilter.current(ctx).meta()));
    }

    public static void error(Context ctx, ApiError error) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ctx.status(error.status()).json(ErrorEnvelope.of(error.toBody(), RequestContextFilter.current(ctx).meta()));
    }
}
