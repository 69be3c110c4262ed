package dev.familiar.server.audit;

/**
 * One audited action. {@code target} names the object (a user id, a key id); never a secret.
 */
public record AuditEntry(String tenantId, String actor, String action, String target, Outcome outcome,
                         String requestId, String clientAddress) {
    public enum Outcome { SUCCESS, FAILURE, DENIED }
}
