package dev.familiar.model.audit;

import java.time.Instant;

/**
 * The filter of {@code GET /api/admin/audit} and of its CSV export; every field may be null (no filter).
 * {@code actor} and {@code tenantId} match exactly; {@code action} matches exactly, or every action starting with
 * what comes before a trailing {@code *} ({@code billing.*}); {@code from} is inclusive and {@code to} exclusive.
 */
public record AuditFilter(String actor, String action, String tenantId, Instant from, Instant to) {
    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null);
    }
}
