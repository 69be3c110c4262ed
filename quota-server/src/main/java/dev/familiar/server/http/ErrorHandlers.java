package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the error envelope: {@link ApiError} as thrown; Javalin's own HTTP
 * failures (unknown route, wrong method, body too large) by status; anything unexpected into a 500
 * that carries only the request id, while the log keeps the (redacted) details.
 */
public final class ErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {
    }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> ApiResponses.error(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> ApiResponses.error(ctx, fromStatus(e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
        // Statuses Jetty or Javalin set without an exception (no route, wrong method, body too large);
        // other statuses are set by routes with bodies of their own, such as a 503 readiness report.
        for (int status : new int[] {404, 405, 413}) {
            routes.error(status, "*", ctx -> {
                if (ctx.attribute(ApiResponses.ERROR_WRITTEN) == null) {
                    ApiResponses.error(ctx, fromStatus(status));
                }
            });
        }
    }

    static void internalError(Context ctx, Exception e) {
        String requestId = RequestContextFilter.current(ctx).requestId();
        LOG.error("Unhandled error in {} {}", ctx.method(), ctx.path(), e);
        ApiResponses.error(ctx, new ApiError(ErrorCode.INTERNAL_ERROR,
                "Internal error. Quote the request id in details when reporting it.", 500,
                Map.of("requestId", requestId)));
    }

    static ApiError fromStatus(int status) {
        return switch (status) {
            case 400 -> ApiError.of(ErrorCode.VALIDATION_FAILED, "The request is not valid");
            case 404 -> ApiError.of(ErrorCode.NOT_FOUND, "No such resource");
            case 405 -> ApiError.of(ErrorCode.METHOD_NOT_ALLOWED, "This method is not allowed on this resource");
            case 413 -> new ApiError(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + HttpApp.MAX_BODY_BYTES + " bytes", 413,
                    Map.of("maxBytes", HttpApp.MAX_BODY_BYTES));
            case 415 -> ApiError.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
            case 503 -> ApiError.of(ErrorCode.SERVICE_UNAVAILABLE, "The service is not available right now");
            default -> new ApiError(status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.VALIDATION_FAILED,
                    "Request failed", status);
        };
    }
}
