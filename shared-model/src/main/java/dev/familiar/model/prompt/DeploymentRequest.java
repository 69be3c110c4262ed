package dev.familiar.model.prompt;

/**
 * {@code POST /api/admin/prompt-functions/{name}/deployments}: make {@code version} the active version of
 * {@code major} (an existing major, or the next one to publish a new major).
 */
public record DeploymentRequest(int version, int major) {
}
