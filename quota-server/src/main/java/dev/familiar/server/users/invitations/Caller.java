package dev.familiar.server.users.invitations;

import dev.familiar.server.audit.AuditEntry;

/** Who asked (a subject such as a user id, or {@code anonymous}/{@code signup}) and from where, for the audit trail. */
public record Caller(String actor, String requestId, String clientAddress) {
    AuditEntry entry(String tenantId, String action, String target, AuditEntry.Outcome outcome) {
        return new AuditEntry(tenantId, actor, action, target, outcome, requestId, clientAddress);
    }
}
