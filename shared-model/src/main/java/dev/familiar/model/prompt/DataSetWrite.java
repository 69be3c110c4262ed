package dev.familiar.model.prompt;

import java.util.List;

/** {@code POST /api/admin/prompt-lab/data-sets} (and {@code PUT …/{name}}): named rows, at most 1,000. */
public record DataSetWrite(String name, String description, List<DataSetRow> rows) {
}
