package dev.familiar.model.prompt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One parameter of a prompt function's typed contract.
 *
 * @param name         an identifier ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 64 characters), used as {@code {{name}}}
 * @param type         its type
 * @param required     whether a caller must give it; an optional parameter must have a {@code default}
 * @param defaultValue ({@code "default"} in JSON) the value used when an optional parameter is not given; null for
 *                     a required one
 * @param description  free text for the engineer and for the JSON Schema ({@code null} when none)
 * @param values       the allowed values of an {@code enum} parameter (non-empty for {@code enum}, null otherwise)
 * @param items        the element type of a {@code list} parameter ({@code string}, {@code integer}, {@code number},
 *                     {@code boolean} or {@code object}; null means any JSON value)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PromptParameter(String name, ParameterType type, boolean required,
                              @JsonProperty("default") JsonNode defaultValue, String description, List<String> values,
                              ParameterType items) {

    /** A required parameter of {@code type} with no description. */
    public static PromptParameter required(String name, ParameterType type) {
        return new PromptParameter(name, type, true, null, null, null, null);
    }

    /** An optional parameter of {@code type} with {@code defaultValue}. */
    public static PromptParameter optional(String name, ParameterType type, JsonNode defaultValue) {
        return new PromptParameter(name, type, false, defaultValue, null, null, null);
    }
}
