package dev.familiar.model.prompt.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.ParameterType;
import dev.familiar.model.prompt.PromptParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict rendering, the same for the lab and the runtime: the values are checked against the schema (every problem
 * reported at once) and the template must have no syntax problem and no undeclared placeholder; only then is each
 * {@code {{name}}} replaced by its value: a string as is, a number or boolean as its JSON text, a list or object as
 * compact JSON. Never an empty string for a missing value. Thread-safe.
 *
 * <p>An optional parameter not given renders its default: an optional string whose default is {@code ""} renders as
 * nothing because its schema says so, explicitly. A value is inserted as is and never parsed again, so a value
 * containing {@code {{x}}} stays that text. An integer given as {@code 3.0} renders {@code 3}. See
 * {@code docs/PROMPT_TEMPLATES.md}.
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

    /** Renders {@code template} with {@code values} under {@code schema}, or refuses with every problem found. */
    public static Result render(PromptTemplate template, ParameterSchema schema, ObjectNode values) {
        List<ParameterProblem> problems = new ArrayList<>(schema.problems(template));
        problems.addAll(schema.check(values));
        if (!problems.isEmpty()) {
            return new Refused(List.copyOf(problems));
        }
        Map<String, JsonNode> effective = schema.effective(values);
        StringBuilder out = new StringBuilder(template.text().length() + 64);
        for (PromptTemplate.Segment segment : template.segments()) {
            if (segment instanceof PromptTemplate.Literal literal) {
                out.append(literal.text());
            } else if (segment instanceof PromptTemplate.Slot slot) {
                JsonNode value = effective.get(slot.name());
                if (value == null) {
                    // unreachable after the checks above (declared, and required or defaulted): never render ""
                    throw new IllegalStateException("no value for {{" + slot.name() + "}}");
                }
                out.append(text(schema.parameter(slot.name()), value));
            }
        }
        return new Rendered(out.toString());
    }

    /** How {@code value} (already checked against {@code p}) appears in the prompt. */
    static String text(PromptParameter p, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (p.type() == ParameterType.INTEGER && !value.isIntegralNumber()) {
            return value.decimalValue().toBigIntegerExact().toString();
        }
        return value.toString();
    }
}
