package dev.familiar.model.prompt;

/** {@code POST /api/admin/prompt-functions}: a name ({@code [a-z][a-z0-9_.-]*}, at most 64) and a description. */
public record PromptFunctionCreate(String name, String description) {
}
