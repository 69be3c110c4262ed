package dev.familiar.server.http;

import dev.familiar.model.api.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Collects field problems of one request and throws them together as a 400 {@code VALIDATION_FAILED}. */
public final class Validation {
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]{1,18}");
    /** Created on the first problem: most requests have none. */
    private Map<String, String> problems;

    /** A required text of at most {@code max} characters matching {@code pattern} (null pattern: any text). */
    public String text(String field, String value, int min, int max, Pattern pattern, String rule) {
        if (value == null || value.isBlank()) {
            problems().putIfAbsent(field, "is required");
            return value;
        }
        if (value.length() < min || value.length() > max) {
            problems().putIfAbsent(field, "must be " + min + "-" + max + " characters long");
        } else if (pattern != null && !pattern.matcher(value).matches()) {
            problems().putIfAbsent(field, rule);
        }
        return value;
    }

    /** A required UUID in its canonical text form. */
    public String uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            problems().putIfAbsent(field, "is required");
        } else if (!isUuid(value)) {
            problems().putIfAbsent(field, "must be a UUID");
        }
        return value;
    }

    /** An optional UUID. */
    public String optionalUuid(String field, String value) {
        if (value != null && !isUuid(value)) {
            problems().putIfAbsent(field, "must be a UUID");
        }
        return value;
    }

    /**
     * An optional whole number within {@code [min, max]} from a query parameter: {@code fallback} when the parameter
     * is absent, otherwise decimal digits with an optional leading minus and nothing else. An empty value, spaces,
     * a plus sign or a fraction is a problem, never taken as absent: the same rule as integer fields of a body.
     */
    public int optionalWhole(String field, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        if (WHOLE.matcher(text).matches()) {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return (int) value;
            }
        }
        problems().putIfAbsent(field, "must be a whole number between " + min + " and " + max);
        return fallback;
    }

    /**
     * An optional ISO-8601 date-time with a zone offset ({@code Z} or {@code +02:00}; seconds and fractions optional,
     * as ISO-8601 allows), as an instant; {@code null} when absent or unreadable (then a problem names the field).
     */
    public java.time.Instant optionalInstant(String field, String text, String example) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            problems().putIfAbsent(field, "must be an ISO-8601 instant such as " + example);
            return null;
        }
    }

    public void require(boolean condition, String field, String problem) {
        if (!condition) {
            problems().putIfAbsent(field, problem);
        }
    }

    public void problem(String field, String problem) {
        problems().putIfAbsent(field, problem);
    }

    private Map<String, String> problems() {
        if (problems == null) {
            problems = new LinkedHashMap<>();
        }
        return problems;
    }

    /** Throws when any problem was found. */
    public void check() {
        if (problems != null && !problems.isEmpty()) {
            throw ApiError.validation(problems);
        }
    }

    /**
     * Whether {@code value} is a UUID in its canonical text form (8-4-4-4-12 hex digits, either case). A plain loop:
     * this runs on every metered request, where a regular expression showed up in the profile.
     */
    public static boolean isUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char ch = value.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (ch != '-') {
                    return false;
                }
            } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
