package dev.familiar.admin.promptlab.deploy;

import dev.familiar.model.prompt.DeploymentView;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One deployment waiting for approval, as the reviewer's list shows it; {@code own} when the signed-in person
 * requested it (they may not approve it).
 */
public record ApprovalItem(DeploymentView deployment, boolean own) {
    static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    public String id() {
        return deployment.id();
    }

    public String function() {
        return deployment.function();
    }

    /** "v4 as major 1". */
    public String versionText() {
        return "v" + deployment.version() + " as major " + deployment.major();
    }

    /** "MINOR", "MAJOR: 2 breaking", "first of major 2". */
    public String classText() {
        if (deployment.changeClass() == null) {
            return "first of major " + deployment.major();
        }
        List<String> breaking = breaking();
        return breaking.isEmpty() ? deployment.changeClass().name()
                : deployment.changeClass().name() + ": " + breaking.size() + " breaking";
    }

    /** Each breaking difference, "parameter: message". */
    public List<String> breaking() {
        return Breaking.lines(deployment.breaking());
    }

    public String requestedByText() {
        return deployment.requestedBy() == null ? "" : deployment.requestedBy();
    }

    public String requestedAtText() {
        return deployment.requestedAt() == null ? "" : DATE_TIME.format(deployment.requestedAt());
    }

    public boolean canApprove() {
        return !own;
    }

    /** Why Approve is disabled ("you requested this"), empty when it is not. */
    public String approveDisabledReason() {
        return own ? "you requested this" : "";
    }
}
