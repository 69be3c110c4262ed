package dev.familiar.model.prompt;

/** {@code POST /api/admin/prompt-functions/{name}/rollback}: make the previously active version of {@code major} active again. */
public record RollbackRequest(int major) {
}
