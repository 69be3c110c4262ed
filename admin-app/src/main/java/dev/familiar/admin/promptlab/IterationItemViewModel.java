package dev.familiar.admin.promptlab;

import dev.familiar.model.prompt.IterationView;

/** One row of the iteration history: the stored iteration and the texts its columns show. */
public record IterationItemViewModel(IterationView iteration) {

    public String id() {
        return iteration.id();
    }

    public String timeText() {
        return LabFormat.time(iteration.createdAt());
    }

    /** "v3". */
    public String versionText() {
        return "v" + iteration.version();
    }

    /** "SUCCEEDED", "FAILED", with "(dry-run)" when the echo provider answered. */
    public String statusText() {
        String status = iteration.status() == null ? "" : iteration.status();
        return iteration.dryRun() ? status + " (dry-run)" : status;
    }

    public String tokensText() {
        return LabFormat.tokens(iteration.promptTokens(), iteration.completionTokens());
    }

    public String costText() {
        return LabFormat.cost(iteration.cost(), iteration.currency());
    }

    public String latencyText() {
        return LabFormat.latency(iteration.latencyMs());
    }

    public String whoText() {
        return iteration.createdBy() == null ? "" : iteration.createdBy();
    }
}
