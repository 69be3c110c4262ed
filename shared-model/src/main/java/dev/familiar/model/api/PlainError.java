package dev.familiar.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The error body of the LLM-token API family ({@code /api/v1/auth}, {@code /api/v1/tokens},
 * {@code /api/v1/analytics}), whose existing clients expect {@code {message, timestamp}};
 * a 400 adds {@code errors}, a list of {@code {field, message}} ordered by field, as the upstream Leaky Tokens
 * server answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlainError(String message, Instant timestamp, List<FieldError> errors) {
    public PlainError {
        errors = errors == null ? null : List.copyOf(errors);
    }

    /** One offending field and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /**
     * The body for {@code fieldProblems} (field → problem, as {@link ApiError#validation(Map)} carries them), the
     * list ordered by field name; no {@code errors} when {@code fieldProblems} is null.
     */
    public static PlainError of(String message, Instant timestamp, Map<String, ?> fieldProblems) {
        if (fieldProblems == null) {
            return new PlainError(message, timestamp, null);
        }
        List<FieldError> errors = new ArrayList<>();
        fieldProblems.forEach((field, problem) -> errors.add(new FieldError(field, Objects.toString(problem))));
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return new PlainError(message, timestamp, errors);
    }
}
