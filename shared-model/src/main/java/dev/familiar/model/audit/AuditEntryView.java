package dev.familiar.model.audit;

import java.time.Instant;

/**
 * One audit entry as {@code GET /api/admin/audit} answers it: who ({@code actor}), in which tenant (null: the
 * platform), did what ({@code action}, such as {@code users.invite}) to what ({@code target}, never a secret), with
 * which {@code outcome} (SUCCESS, FAILURE, DENIED), from where ({@code requestId}, {@code clientAddress}) and when.
 */
public record AuditEntryView(String id, Instant at, String tenantId, String actor, String action, String target,
                             String outcome, String requestId, String clientAddress) {
}
