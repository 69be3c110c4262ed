package dev.familiar.admin.promptlab.deploy;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.Incompatibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Breaking differences as the operator reads them, from a classification or a server's 409. */
final class Breaking {
    private Breaking() {
    }

    /** "tone: parameter tone was removed" per difference. */
    static List<String> lines(List<Incompatibility> breaking) {
        if (breaking == null) {
            return List.of();
        }
        return breaking.stream().map(Breaking::line).toList();
    }

    static String line(Incompatibility incompatibility) {
        String message = incompatibility.message() == null || incompatibility.message().isBlank()
                ? incompatibility.kind() : incompatibility.message();
        return incompatibility.parameter() == null ? message : incompatibility.parameter() + ": " + message;
    }

    /** The differences of a 409 {@code BREAKING_CHANGE} ({@code details.breaking}); empty for any other failure. */
    static Optional<List<Incompatibility>> of(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!(cause instanceof ApiError error) || error.code() != ErrorCode.BREAKING_CHANGE) {
            return Optional.empty();
        }
        List<Incompatibility> found = new ArrayList<>();
        if (error.details().get("breaking") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> map) {
                    found.add(new Incompatibility(text(map.get("parameter")), text(map.get("kind")),
                            text(map.get("message"))));
                } else if (item != null) {
                    found.add(new Incompatibility(null, "BREAKING", item.toString()));
                }
            }
        }
        return Optional.of(found);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
