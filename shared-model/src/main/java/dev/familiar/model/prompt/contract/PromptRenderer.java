package dev.familiar.model.prompt.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.ParameterProblem;
import java.util.List;

/**
 * Strict rendering, the same for the lab and the runtime: the values are checked against the schema (every problem
 * reported at once) and the template must have no syntax problem and no undeclared placeholder; only then is each
 * {@code {{name}}} replaced by its value: a string as is, a number or boolean as its JSON text, a list or object as
 * compact JSON. Never an empty string for a missing value. Thread-safe.
 */
public final class PromptRenderer {
    /** The outcome of a render. */
    public sealed interface Result permits Rendered, Refused {
    }

    /** The rendered text. */
    public record Rendered(String text) implements Result {
    }

    /** Nothing rendered: every problem found. */
    public record Refused(List<ParameterProblem> problems) implements Result {
    }

    private PromptRenderer() {
    }

    public static Result render(PromptTemplate template, ParameterSchema schema, ObjectNode values) {
        throw new UnsupportedOperationException("TODO domain helper");
    }
}
