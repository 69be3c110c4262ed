package dev.familiar.model.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One stored, immutable iteration. {@code status} is {@code SUCCEEDED} or {@code FAILED} (then {@code error} says
 * why and {@code output} is null); {@code dryRun} is true when the echo provider answered. {@code settings} are the
 * effective settings (the version's with the iteration's override). {@code batchId} is set for a batch's rows.
 */
public record IterationView(String id, String function, int version, String templateHash, ObjectNode data,
                            String renderedPrompt, String provider, String model, PromptSettings settings,
                            String output, long promptTokens, long completionTokens, long latencyMs,
                            BigDecimal cost, String currency, String status, String error, boolean dryRun,
                            String batchId, String createdBy, Instant createdAt) {
}
