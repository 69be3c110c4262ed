package dev.familiar.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.server.HttpCalls.Answer;

/**
 * Reads the {@code errors} of a {@code 002}-family error body ({@code [{field, message}, …]}) as an object keyed by
 * field, so tests can ask for one field's problem; fails when {@code errors} is not such a list.
 */
public final class PlainErrors {
    private PlainErrors() {
    }

    public static ObjectNode byField(Answer answer) {
        return byField(answer.json());
    }

    public static ObjectNode byField(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (!errors.isArray()) {
            throw new AssertionError("errors is not a list of {field, message}: " + body);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (JsonNode e : errors) {
            if (!e.path("field").isTextual() || !e.path("message").isTextual() || e.size() != 2) {
                throw new AssertionError("not a {field, message}: " + e);
            }
            out.set(e.path("field").asText(), e.path("message"));
        }
        return out;
    }
}
