package dev.familiar.admin.dialogs;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.client.ServerUnreachableException;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CancellationException;

/**
 * What the operator reads about a failure: the server's own message with its field problems, or why the server
 * could not be reached; and the server's request id when it answered. Never a stack trace.
 */
public record ErrorReport(String message, String requestId) {

    public static ErrorReport of(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) {
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        if (cause instanceof ApiError error) {
            return new ErrorReport(describe(error), error.requestId());
        }
        if (cause instanceof ServerUnreachableException) {
            return new ErrorReport("The server could not be reached: " + cause.getMessage(), null);
        }
        if (cause instanceof CancellationException) {
            return new ErrorReport("Cancelled", null);
        }
        String text = cause.getMessage();
        return new ErrorReport(text == null || text.isBlank() ? cause.getClass().getSimpleName() : text, null);
    }

    /** "message (HTTP 409)" and, for a validation failure, one "field: problem" line each. */
    static String describe(ApiError error) {
        StringJoiner text = new StringJoiner("\n");
        text.add(error.getMessage() + " (HTTP " + error.status() + ")");
        Object fields = error.details().get("fields");
        if (fields instanceof Map<?, ?> problems) {
            problems.forEach((field, problem) -> text.add(field + ": " + problem));
        }
        return text.toString();
    }
}
