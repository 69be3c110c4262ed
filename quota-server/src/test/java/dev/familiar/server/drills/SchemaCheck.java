package dev.familiar.server.drills;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a JSON answer against a schema of the OpenAPI 3.1 document: the keywords the document uses
 * ({@code $ref}, {@code allOf}/{@code anyOf}/{@code oneOf}, {@code type} (lists too), {@code properties},
 * {@code required}, {@code additionalProperties}, {@code items}, {@code enum}, {@code const}, bounds, lengths,
 * {@code pattern}, and the {@code uuid} and {@code date-time} formats). Returns the problems found, each with
 * the JSON pointer where it is; an empty list means the body matches.
 */
final class SchemaCheck {
    private final OpenApiModel model;

    SchemaCheck(OpenApiModel model) {
        this.model = model;
    }

    List<String> problems(JsonNode value, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(value, schema, "", out, 0);
        return out;
    }

    private void check(JsonNode value, JsonNode schemaIn, String at, List<String> out, int depth) {
        if (schemaIn == null || schemaIn.isMissingNode() || depth > 64) {
            return;
        }
        JsonNode s = model.resolve(schemaIn);
        s.path("allOf").forEach(part -> check(value, part, at, out, depth + 1));
        for (String combinator : new String[] {"anyOf", "oneOf"}) {
            if (s.has(combinator)) {
                boolean any = false;
                for (JsonNode option : s.path(combinator)) {
                    any |= problems(value, option).isEmpty();
                }
                if (!any) {
                    out.add(at + ": matches none of " + combinator);
                }
            }
        }
        if (s.has("const") && !s.path("const").equals(value)) {
            out.add(at + ": is " + value + ", not " + s.path("const"));
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.path("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                out.add(at + ": " + abbreviate(value) + " is not one of " + s.path("enum"));
            }
        }
        if (s.has("type") && !typeMatches(value, s.path("type"))) {
            out.add(at + ": is " + value.getNodeType().name().toLowerCase() + ", not " + s.path("type"));
            return;
        }
        if (value.isObject()) {
            s.path("required").forEach(r -> {
                if (!value.has(r.asText())) {
                    out.add(at + ": lacks " + r.asText());
                }
            });
            JsonNode properties = s.path("properties");
            JsonNode additional = s.get("additionalProperties");
            value.fields().forEachRemaining(f -> {
                if (properties.has(f.getKey())) {
                    check(f.getValue(), properties.path(f.getKey()), at + "/" + f.getKey(), out, depth + 1);
                } else if (additional != null && additional.isObject()) {
                    check(f.getValue(), additional, at + "/" + f.getKey(), out, depth + 1);
                } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                    out.add(at + ": has the undocumented field " + f.getKey());
                }
            });
            if (s.has("minProperties") && value.size() < s.path("minProperties").asInt()) {
                out.add(at + ": fewer than " + s.path("minProperties") + " properties");
            }
        } else if (value.isArray()) {
            int i = 0;
            for (JsonNode item : value) {
                check(item, s.path("items"), at + "/" + i++, out, depth + 1);
            }
            if (s.has("minItems") && value.size() < s.path("minItems").asInt()) {
                out.add(at + ": fewer than " + s.path("minItems") + " items");
            }
            if (s.has("maxItems") && value.size() > s.path("maxItems").asInt()) {
                out.add(at + ": more than " + s.path("maxItems") + " items");
            }
        } else if (value.isTextual()) {
            String text = value.asText();
            if (s.has("minLength") && text.codePointCount(0, text.length()) < s.path("minLength").asInt()) {
                out.add(at + ": shorter than " + s.path("minLength"));
            }
            if (s.has("maxLength") && text.codePointCount(0, text.length()) > s.path("maxLength").asInt()) {
                out.add(at + ": longer than " + s.path("maxLength"));
            }
            if (s.has("pattern") && !Pattern.compile(s.path("pattern").asText()).matcher(text).find()) {
                out.add(at + ": " + abbreviate(value) + " does not match " + s.path("pattern").asText());
            }
            String format = s.path("format").asText("");
            if (format.equals("uuid") && !isUuid(text)) {
                out.add(at + ": " + abbreviate(value) + " is not a uuid");
            }
            if (format.equals("date-time") && !isDateTime(text)) {
                out.add(at + ": " + abbreviate(value) + " is not a date-time");
            }
        } else if (value.isNumber()) {
            double v = value.asDouble();
            if (s.has("minimum") && v < s.path("minimum").asDouble()) {
                out.add(at + ": " + value + " below " + s.path("minimum"));
            }
            if (s.has("maximum") && v > s.path("maximum").asDouble()) {
                out.add(at + ": " + value + " above " + s.path("maximum"));
            }
            if (s.has("exclusiveMinimum") && v <= s.path("exclusiveMinimum").asDouble()) {
                out.add(at + ": " + value + " not above " + s.path("exclusiveMinimum"));
            }
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(value, t)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String abbreviate(JsonNode value) {
        return FuzzRequest.abbreviate(value.toString(), 60);
    }
}
