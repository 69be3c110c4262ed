package dev.familiar.model.prompt;

import java.util.List;

/** Iterations newest first; {@code nextCursor} for the next page (null on the last). */
public record IterationList(List<IterationView> items, String nextCursor) {
}
