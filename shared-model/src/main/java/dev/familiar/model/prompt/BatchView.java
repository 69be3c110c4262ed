package dev.familiar.model.prompt;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A batch run. {@code status}: {@code RUNNING}, {@code COMPLETED}, {@code CANCELLED}, {@code FAILED} (stopped by
 * an error that is not a row's, such as the R&D budget) or {@code INTERRUPTED} (the server stopped); {@code done}
 * rows of {@code total} have an iteration ({@code failed} of them FAILED), listed in row order.
 */
public record BatchView(String id, String function, int version, String dataSet, String status, int total, int done,
                        int failed, List<String> iterationIds, long promptTokens, long completionTokens,
                        BigDecimal cost, String error, String createdBy, Instant createdAt, Instant finishedAt) {
}
