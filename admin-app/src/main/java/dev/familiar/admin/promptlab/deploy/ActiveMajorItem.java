package dev.familiar.admin.promptlab.deploy;

import java.time.Instant;

/** One function major and the version serving it, with the Rollback action. */
public record ActiveMajorItem(String function, int major, int version, Instant activatedAt) {

    /** "summary@1". */
    public String name() {
        return function + "@" + major;
    }

    public String versionText() {
        return "v" + version;
    }

    public String activatedText() {
        return activatedAt == null ? "" : ApprovalItem.DATE_TIME.format(activatedAt);
    }
}
