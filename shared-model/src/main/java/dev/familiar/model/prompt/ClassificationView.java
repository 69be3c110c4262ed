package dev.familiar.model.prompt;

import java.util.List;

/**
 * {@code GET /api/admin/prompt-functions/{name}/versions/{version}/classification?against=&major=}: how
 * {@code version} differs from {@code against} (another version) or from the active version of {@code major}.
 */
public record ClassificationView(String function, int from, int to, ChangeClass changeClass,
                                 List<Incompatibility> breaking, List<String> changes) {
}
