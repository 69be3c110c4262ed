package dev.familiar.model.prompt;

/** {@code POST /api/admin/prompt-lab/batches}: run {@code function@version} over every row of {@code dataSet}. */
public record BatchRequest(String function, int version, String dataSet, PromptSettings settings) {
}
