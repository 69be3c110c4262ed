package dev.familiar.model.prompt;

import java.time.Instant;
import java.util.List;

/** A data set and its rows. */
public record DataSetView(String name, String description, List<DataSetRow> rows, String updatedBy,
                          Instant updatedAt) {
}
