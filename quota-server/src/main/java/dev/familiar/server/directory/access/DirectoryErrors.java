package dev.familiar.server.directory.access;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.server.directory.DirectoryException;
import dev.familiar.server.http.ApiResponses;
import java.util.Map;

/** A {@link DirectoryException} as the envelope answers it (the mapping its javadoc states). */
final class DirectoryErrors {
    private DirectoryErrors() {
    }

    static ApiError toApiError(DirectoryException e) {
        String message = e.getMessage();
        return switch (e.kind()) {
            case NOT_FOUND -> new ApiError(ErrorCode.NOT_FOUND, message, 404);
            case INVALID -> new ApiError(ErrorCode.VALIDATION_FAILED, message, 400);
            case CONFLICT -> new ApiError(ErrorCode.CONFLICT, message, 409);
            case DENIED, UNAVAILABLE -> new ApiError(ErrorCode.UPSTREAM_FAILED, message, 502);
            case THROTTLED -> new ApiError(ErrorCode.SERVICE_UNAVAILABLE, message, 503,
                    Map.of(ApiResponses.RETRY_AFTER_DETAIL,
                            Math.max(1, e.retryAfter().map(d -> d.toSeconds()).orElse(5L))));
        };
    }
}
