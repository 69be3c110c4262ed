package dev.familiar.model.prompt;

import java.util.List;

/**
 * {@code GET /api/admin/prompt-lab/data-sets/{name}/check?function=&version=}: each row's problems against the
 * version's schema (empty when the row renders).
 */
public record DataSetCheck(String dataSet, String function, int version, List<RowCheck> rows) {
    public record RowCheck(int row, String label, List<ParameterProblem> problems) {
    }
}
