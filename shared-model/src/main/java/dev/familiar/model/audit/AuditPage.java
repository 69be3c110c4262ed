package dev.familiar.model.audit;

import java.util.List;

/** One page of the audit log, newest first; {@code nextCursor} (null on the last page) asks for the next one. */
public record AuditPage(List<AuditEntryView> items, String nextCursor) {
    public AuditPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
