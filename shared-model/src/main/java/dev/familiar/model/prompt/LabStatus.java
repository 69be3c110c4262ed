package dev.familiar.model.prompt;

import java.util.List;

/**
 * {@code GET /api/admin/prompt-lab/status}: the providers the lab can call (and which answer by echo, dry-run),
 * whether deployments need a second person's approval, and which roles may approve.
 */
public record LabStatus(List<ProviderInfo> providers, boolean approvalRequired, List<String> approverRoles) {
    public record ProviderInfo(String name, String model, boolean dryRun) {
    }
}
