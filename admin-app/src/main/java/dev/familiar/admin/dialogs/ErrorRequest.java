package dev.familiar.admin.dialogs;

/**
 * Shows an error without waiting for the operator; when the server answered it, its request id can be copied, so
 * the server's logs can be searched for it. Answers nothing.
 */
public record ErrorRequest(String title, String message, String requestId) implements DialogRequest<Boolean> {

    /** The error for {@code failure}: the server's message (and field problems) and request id. */
    public static ErrorRequest of(String title, Throwable failure) {
        ErrorReport report = ErrorReport.of(failure);
        return new ErrorRequest(title, report.message(), report.requestId());
    }
}
