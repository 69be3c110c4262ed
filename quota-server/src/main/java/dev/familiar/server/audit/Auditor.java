package dev.familiar.server.audit;

import dev.familiar.server.auth.Principals;
import dev.familiar.server.http.RequestContextFilter;
import io.javalin.http.Context;

/** Builds audit entries from a request: its id, client address and (when authenticated) caller. */
public final class Auditor {
    private Auditor() {
    }

    public static AuditEntry entry(Context ctx, String tenantId, String action, String target, AuditEntry.Outcome outcome) {
        String actor = Principals.current(ctx).map(p -> p.subject()).orElse("anonymous");
        return entry(ctx, tenantId, actor, action, target, outcome);
    }

    public static AuditEntry entry(Context ctx, String tenantId, String actor, String action, String target,
                                   AuditEntry.Outcome outcome) {
        return new AuditEntry(tenantId, actor, action, target, outcome, RequestContextFilter.current(ctx).requestId(),
                ctx.ip());
    }
}
