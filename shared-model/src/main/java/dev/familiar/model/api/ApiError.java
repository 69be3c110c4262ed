package dev.familiar.model.api;

import java.util.Map;
import java.util.Objects;

/**
 * A failure that is shown to an API caller as an error envelope:
 * {@code {"ok":false,"error":{"code","message","status","details"},"meta":{...}}}.
 *
 * <p>The server throws it from routes; {@link dev.familiar.model.client.FamiliarClient} throws it when a
 * server answers with an error envelope, so both sides speak of failures the same way. The message
 * must be safe to show to the caller: never put secrets, stack traces or exception text in it.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int status;
    private final transient Map<String, Object> details;
    private final String requestId;

    public ApiError(ErrorCode code, String message, int status) {
        this(code, message, status, Map.of());
    }

    public ApiError(ErrorCode code, String message, int status, Map<String, Object> details) {
        this(code, message, status, details, null);
    }

    private ApiError(ErrorCode code, String message, int status, Map<String, Object> details, String requestId) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.status = status;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.requestId = requestId;
    }

    /**
     * The same error, remembering the server's request id (the {@code X-Request-Id} of the answer), so a client can
     * show it for the operator to copy and the server's logs can be searched for it.
     */
    public ApiError withRequestId(String requestId) {
        return new ApiError(code, getMessage(), status, details, requestId);
    }

    /** The server's id of the request that failed, when a client received this error from a server; else null. */
    public String requestId() {
        return requestId;
    }

    /** An error with the code's usual status. */
    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message, code.defaultStatus());
    }

    /** A 400 {@code VALIDATION_FAILED} naming the offending fields and what is wrong with each. */
    public static ApiError validation(Map<String, String> fieldProblems) {
        return new ApiError(ErrorCode.VALIDATION_FAILED, "Request validation failed", 400,
                Map.of("fields", fieldProblems));
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    public ErrorBody toBody() {
        return new ErrorBody(code.name(), getMessage(), status, details);
    }
}
