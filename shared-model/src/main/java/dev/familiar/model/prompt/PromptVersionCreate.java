package dev.familiar.model.prompt;

import java.util.List;

/** {@code POST /api/admin/prompt-functions/{name}/versions}: a new immutable version. */
public record PromptVersionCreate(String template, List<PromptParameter> parameters, PromptSettings settings) {
}
