package dev.familiar.model.prompt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptParameter;
import java.util.List;
import java.util.Map;

/**
 * A version's typed contract: its parameters checked for themselves and against a template, and values checked
 * against it. Immutable; thread-safe.
 */
public final class ParameterSchema {
    private ParameterSchema() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** The schema of {@code parameters} (order kept); use {@link #problems()} before trusting it. */
    public static ParameterSchema of(List<PromptParameter> parameters) {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    public List<PromptParameter> parameters() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /**
     * The schema's own problems ({@code INVALID}): a bad or duplicate name, a missing type, an enum without values,
     * an optional parameter without a default, a default of the wrong type, {@code items} on a non-list…
     */
    public List<ParameterProblem> problems() {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /**
     * The schema's problems plus the template's against it: a placeholder no parameter declares
     * ({@code UNDECLARED_PLACEHOLDER}) and the template's syntax problems ({@code INVALID}). A declared parameter the
     * template never uses is allowed.
     */
    public List<ParameterProblem> problems(PromptTemplate template) {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /**
     * Every problem of {@code values} against this schema, all at once: {@code MISSING} (a required parameter not
     * given or null), {@code UNKNOWN} (a name the schema does not declare), {@code WRONG_TYPE}, {@code NOT_ALLOWED}
     * (not one of an enum's values). Empty when the values are acceptable.
     */
    public List<ParameterProblem> check(ObjectNode values) {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** {@code values} with the defaults of the optional parameters not given (call after {@link #check} is empty). */
    public Map<String, JsonNode> effective(ObjectNode values) {
        throw new UnsupportedOperationException("TODO domain helper");
    }

    /** This schema as a JSON Schema (draft 2020-12) object for {@code GET /api/v1/functions}. */
    public ObjectNode jsonSchema() {
        throw new UnsupportedOperationException("TODO domain helper");
    }
}
