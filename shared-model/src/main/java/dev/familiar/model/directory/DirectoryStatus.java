package dev.familiar.model.directory;

/**
 * {@code GET /api/admin/directory/status}: which directory is live. {@code mode} is {@code entra} (Microsoft Graph
 * of {@code tenantId}) or {@code local} (groups kept in our database over our own accounts: a dry-run of Entra,
 * the default with no Entra settings). {@code reachable} is the last readiness probe's verdict, {@code detail} says
 * why not (never a secret); {@code signInEnabled} whether the console may sign in with an Entra account.
 */
public record DirectoryStatus(String mode, boolean dryRun, String tenantId, String graphUrl, boolean reachable,
                              String detail, boolean signInEnabled) {
}
