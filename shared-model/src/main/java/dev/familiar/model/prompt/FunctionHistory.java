package dev.familiar.model.prompt;

import java.util.List;

/**
 * A function with every version, as {@code GET /api/admin/prompt-functions/{name}/export} answers and
 * {@code POST /api/admin/prompt-functions/import} takes (deploying from a desktop to the team's server).
 */
public record FunctionHistory(String name, String description, List<PromptVersionView> versions) {
}
