package dev.familiar.server.prompt.functions;

import dev.familiar.model.api.ApiError;
import dev.familiar.model.api.ErrorCode;
import dev.familiar.model.prompt.ParameterProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of {@link ParameterProblem}s as a 400 {@code VALIDATION_FAILED}: {@code details.fields} names each offending
 * field ({@code parameters.<name>}, or {@code template} for placeholders and syntax), {@code details.problems} lists
 * every problem as found ({@code parameter}, {@code problem}, {@code message}).
 */
public final class PromptProblems {
    private PromptProblems() {
    }

    /**
     * @param declared the parameter names the schema declares; a problem about any other name (an undeclared
     *                 placeholder, a syntax problem) belongs to the template when {@code templateKnown}
     */
    public static ApiError of(String message, List<ParameterProblem> problems, Set<String> declared,
                              boolean templateKnown) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (ParameterProblem p : problems) {
            String name = p.parameter() == null ? "" : p.parameter();
            boolean aboutTemplate = templateKnown && ("UNDECLARED_PLACEHOLDER".equals(p.problem())
                    || !declared.contains(name) && !"MISSING".equals(p.problem()) && !"UNKNOWN".equals(p.problem()));
            String field = aboutTemplate ? "template" : name.startsWith("parameters") ? name : "parameters." + name;
            fields.merge(field, p.message(), (a, b) -> a + "; " + b);
        }
        return new ApiError(ErrorCode.VALIDATION_FAILED, message, 400, Map.of("fields", fields, "problems", problems));
    }
}
