package dev.familiar.model.prompt;

import java.util.List;

/** Data sets by name, without rows ({@code rowCount} says how many). */
public record DataSetList(List<Summary> items) {
    public record Summary(String name, String description, int rowCount, java.time.Instant updatedAt) {
    }
}
