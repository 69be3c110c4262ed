package dev.familiar.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The error body of the LLM-token API family ({@code /api/v1/auth}, {@code /api/v1/tokens},
 * {@code /api/v1/analytics}), whose existing clients expect {@code {message, timestamp}};
 * a 400 adds {@code errors} naming each offending field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlainError(String message, Instant timestamp, Map<String, Object> errors) {
}
