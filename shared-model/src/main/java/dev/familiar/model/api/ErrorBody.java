package dev.familiar.model.api;

import java.util.Map;

/** The {@code error} member of an error envelope. */
public record ErrorBody(String code, String message, int status, Map<String, Object> details) {
    public ErrorBody {
        details = details == null ? Map.of() : details;
    }
}
