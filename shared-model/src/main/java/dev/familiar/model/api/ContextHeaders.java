package dev.familiar.model.api;

/** Names of the request-context headers that every route reads (or mints) and echoes. */
public final class ContextHeaders {
    public static final String REQUEST_ID = "x-request-id";
    public static final String CORRELATION_ID = "x-correlation-id";
    /** The default name of the tenant header; servers may be configured to use another. */
    public static final String DEFAULT_TENANT = "x-tenant-id";

    private ContextHeaders() {
    }
}
