package dev.familiar.server.prompt.datasets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.familiar.model.prompt.ParameterProblem;
import dev.familiar.model.prompt.PromptVersionView;
import dev.familiar.model.prompt.contract.ParameterSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the rows of a data set against one version's typed contract: {@link ParameterSchema#check} per row, the
 * schema built once. The same rule serves {@code GET …/data-sets/{name}/check} and a batch's check before it runs.
 */
@FunctionalInterface
public interface RowChecker {
    /** The schema's check of each row, in row order (an empty list for a row that renders). */
    List<List<ParameterProblem>> check(PromptVersionView version, List<ObjectNode> rows);

    /** The production rule: {@link ParameterSchema#check}. */
    RowChecker SCHEMA = (version, rows) -> {
        ParameterSchema schema = ParameterSchema.of(version.parameters());
        List<List<ParameterProblem>> out = new ArrayList<>(rows.size());
        for (ObjectNode row : rows) {
            out.add(List.copyOf(schema.check(row)));
        }
        return out;
    };
}
