package dev.familiar.server.audit.query;

import java.time.Instant;
import java.util.Optional;

/**
 * What one read of the audit log asks for, already validated: exact {@code actor} and {@code tenantId}, an
 * {@code action} that is exact or, with {@code actionIsPrefix}, a prefix (the text before the trailing {@code *}),
 * {@code from} inclusive, {@code to} exclusive, and where to continue. {@code limit} is ignored by the export.
 */
public record AuditQuery(Optional<String> actor, Optional<String> action, boolean actionIsPrefix,
                         Optional<String> tenantId, Optional<Instant> from, Optional<Instant> to,
                         Optional<AuditCursor> after, int limit) {

    /** The same query confined to {@code tenant} (a TENANT_ADMIN reads only their own tenant's entries). */
    public AuditQuery inTenant(String tenant) {
        return new AuditQuery(actor, action, actionIsPrefix, Optional.of(tenant), from, to, after, limit);
    }
}
