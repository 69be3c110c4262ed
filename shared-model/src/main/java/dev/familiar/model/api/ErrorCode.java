package dev.familiar.model.api;

/**
 * The fixed list of error codes that an error envelope may carry. Each code has the HTTP status it
 * is normally sent with; a route may pick another status only where a source document says so
 * (UC-05 sends {@link #RATE_LIMITED} with 429 for an exhausted quota).
 */
public enum ErrorCode {
    VALIDATION_FAILED(400),
    UNAUTHENTICATED(401),
    REACTIVATION_REQUIRED(401),
    PAYMENT_REQUIRED(402),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    CONFLICT(409),
    IDEMPOTENCY_CONFLICT(409),
    ORG_EXISTS(409),
    PLAN_ARCHIVED(409),
    BREAKING_CHANGE(409),
    TIER_IN_USE(409),
    RND_BUDGET_EXCEEDED(402),
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),
    RATE_LIMITED(429),
    HEADER_TOO_LARGE(431),
    INTERNAL_ERROR(500),
    UPSTREAM_FAILED(502),
    SERVICE_UNAVAILABLE(503);

    private final int defaultStatus;

    ErrorCode(int defaultStatus) {
        this.defaultStatus = defaultStatus;
    }

    public int defaultStatus() {
        return defaultStatus;
    }
}
