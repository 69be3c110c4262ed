package dev.familiar.admin.promptlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.familiar.model.prompt.ParameterType;
import java.util.Optional;

/**
 * Between what the operator types in a cell or field and the JSON value of a parameter of a given type. A text that is
 * not a value of the type is kept as a JSON string, so the schema's own check names it ({@code WRONG_TYPE}) instead
 * of the console guessing: the console never drops or blanks a value.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The value typed as {@code text} for a parameter of {@code type}; empty for a blank text (not given). */
    static Optional<JsonNode> parse(ParameterType type, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (type == null || type == ParameterType.STRING || type == ParameterType.ENUM) {
            return Optional.of(TextNode.valueOf(text));
        }
        // read as Jackson reads a request body, so a value typed equals the same value answered by the server
        return Optional.of(tree(trimmed).orElse(TextNode.valueOf(text)));
    }

    /** Whether {@code text} is JSON at all (list and object fields say so as the operator types). */
    static boolean isJson(String text) {
        return tree(text.strip()).isPresent();
    }

    /** How a value reads in a cell or field: a string as is, anything else as compact JSON; null as empty. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static Optional<JsonNode> tree(String text) {
        try {
            return Optional.ofNullable(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
