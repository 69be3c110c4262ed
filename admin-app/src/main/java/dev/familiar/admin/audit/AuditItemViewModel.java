package dev.familiar.admin.audit;

import dev.familiar.model.audit.AuditEntryView;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One row of the audit table, as shown (times in UTC; a platform entry's tenant is "platform"). */
public record AuditItemViewModel(String id, String time, String tenant, String actor, String action, String target,
                                 String outcome, String requestId, String address) {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public static AuditItemViewModel of(AuditEntryView e) {
        return new AuditItemViewModel(e.id(), e.at() == null ? "" : TIME.format(e.at()),
                e.tenantId() == null ? "platform" : e.tenantId(), nz(e.actor()), nz(e.action()), nz(e.target()),
                nz(e.outcome()), nz(e.requestId()), nz(e.clientAddress()));
    }

    /** FAILURE and DENIED entries stand out in the table. */
    public boolean flagged() {
        return outcome.equals("FAILURE") || outcome.equals("DENIED");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
