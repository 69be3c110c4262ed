package dev.familiar.model.prompt;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /api/admin/prompt-lab/iterations}: run {@code function@version} once with {@code data}. */
public record IterationRequest(String function, int version, ObjectNode data, PromptSettings settings) {
}
